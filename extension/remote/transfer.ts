// Files to and from a host. Upload: a file the host already has (same sha256) is not sent again;
// otherwise rsync when both ends have it (resumable, with progress), else scp — both through the
// same ssh options, so they reuse the shell's master connection and its host-key checks. The copy
// lands under a temporary name and is renamed into place only after the host has checked its
// sha256, so a broken transfer never leaves a wrong file where a run would read it.
// readFrom: the bytes of a remote file from an offset, for polling a log without reading it again.
//
// Remote paths are either absolute or relative to the remote home directory (ssh's working
// directory); a leading `~/` means the same. They are always shell-quoted, and given to rsync with
// --protect-args and to scp in its SFTP mode (OpenSSH ≥ 9.0), so neither sends them through a shell.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { resolve as resolveLocal } from 'node:path';
import { posix } from 'node:path';
import { translate } from '../core/l10n';
import { shellQuote } from '../core/training/shellQuote';
import type { RemoteShell } from './shell';
import type { SshShell } from './ssh';

export type UploadPhase = 'hashing' | 'checking' | 'copying' | 'verifying';

export interface UploadProgress {
  phase: UploadPhase;
  /** Bytes hashed or copied so far in this phase (0 when the phase reports none). */
  bytes: number;
  /** The file's size. */
  total: number;
}

export interface UploadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
  /** 'auto' (default): rsync when both ends have it, else scp. */
  method?: 'auto' | 'rsync' | 'scp';
}

export interface UploadResult {
  /** False when the host already had the same file (nothing was copied). */
  transferred: boolean;
  /** How it was copied, when it was. */
  method?: 'rsync' | 'scp';
  sha256: string;
  bytes: number;
}

export class TransferError extends Error {
  constructor(
    readonly kind: 'checksum-mismatch' | 'copy-failed' | 'remote-failed',
    message: string,
    readonly detail = '',
  ) {
    super(message);
    this.name = 'TransferError';
  }
}

/** `~/x` → `x`, `~` → `.`: ssh starts in the home directory, and a quoted `~` would not be expanded. */
export function remotePathArg(path: string): string {
  if (path === '~') return '.';
  if (path.startsWith('~/')) return path.slice(2) || '.';
  return path;
}

/** The sha256 of a local file, streamed (datasets can be gigabytes). */
export async function sha256File(path: string, options: { signal?: AbortSignal; onBytes?: (bytes: number) => void } = {}): Promise<string> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { signal: options.signal, highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    options.onBytes?.(bytes);
  }
  return hash.digest('hex');
}

/** A shell function `lexreview_sha256 FILE` printing `HASH  FILE` (sha256sum; shasum on macOS/BSD hosts). */
const SHA256_FUNCTION =
  'lexreview_sha256() { if command -v sha256sum >/dev/null 2>&1; then sha256sum -- "$1"; else shasum -a 256 -- "$1"; fi; }';

/** The hash in a sha256sum line (GNU prefixes a backslash when the name holds one or a newline). */
const hashIn = (text: string) => text.match(/^\\?([0-9a-f]{64})\b/m)?.[1];

/** Runs a local program; resolves with its exit code and stderr, rejects on abort. */
function runLocal(
  command: string,
  args: string[],
  options: { signal?: AbortSignal; onOutput?: (text: string) => void },
): Promise<{ code: number | null; stderr: string; error?: NodeJS.ErrnoException }> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stderr = '';
    const onAbort = () => {
      child.kill('SIGTERM');
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (d: Buffer) => options.onOutput?.(d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      resolve({ code: null, stderr, error });
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      resolve({ code, stderr });
    });
  });
}

let localRsync: Promise<boolean> | undefined;
/** Whether this machine has rsync (asked once). */
function hasLocalRsync(): Promise<boolean> {
  return (localRsync ??= runLocal('rsync', ['--version'], {}).then((r) => r.code === 0));
}

/**
 * A word for rsync's `-e` command line, which rsync splits itself: spaces separate, single or
 * double quotes group and adjacent groups join, backslashes mean nothing — not POSIX shell
 * quoting, hence not shellQuote. Single-quoted runs, each `'` written as `"'"`.
 */
export function rsyncShellWord(word: string): string {
  if (/^[A-Za-z0-9_\/.,:=+@%-]+$/.test(word)) return word;
  return `'${word.split("'").join(`'"'"'`)}'`;
}

/** Upload `localPath` to `remotePath` on the shell's host (see the header for the path rules). */
export async function upload(shell: SshShell, localPath: string, remotePath: string, options: UploadOptions = {}): Promise<UploadResult> {
  const { signal, onProgress } = options;
  const local = resolveLocal(localPath);
  const total = statSync(local).size;
  onProgress?.({ phase: 'hashing', bytes: 0, total });
  const sha256 = await sha256File(local, { signal, onBytes: (bytes) => onProgress?.({ phase: 'hashing', bytes, total }) });

  // One round trip: make the folder, say whether rsync is there, hash what is already in place.
  onProgress?.({ phase: 'checking', bytes: 0, total });
  const target = remotePathArg(remotePath);
  const part = `${target}.lexreview-upload`;
  const probe = await shell.run(
    [
      SHA256_FUNCTION,
      `mkdir -p -- ${shellQuote(posix.dirname(target))} || exit 3`,
      'if command -v rsync >/dev/null 2>&1; then echo rsync; else echo no-rsync; fi',
      `if [ -f ${shellQuote(target)} ]; then lexreview_sha256 ${shellQuote(target)}; fi`,
    ].join('\n'),
    { signal },
  );
  if (probe.code !== 0) {
    throw new TransferError('remote-failed', translate('Cannot create the folder of {0} on {1}: {2}', remotePath, shell.host, probe.stderr.trim()), probe.stderr);
  }
  const probeText = probe.stdout.toString();
  if (hashIn(probeText) === sha256) return { transferred: false, sha256, bytes: total };

  const method =
    options.method === 'scp' || options.method === 'rsync'
      ? options.method
      : /^rsync$/m.test(probeText) && (await hasLocalRsync())
        ? 'rsync'
        : 'scp';
  onProgress?.({ phase: 'copying', bytes: 0, total });
  const destination = `${shell.host}:${part}`;
  const copy =
    method === 'rsync'
      ? await runLocal(
          'rsync',
          ['--protect-args', '--progress', '-e', shell.optionArgs().reduce((line, w) => `${line} ${rsyncShellWord(w)}`, rsyncShellWord(shell.options.sshCommand ?? 'ssh')), '--', local, destination],
          {
            signal,
            // rsync --progress rewrites one line with \r: "  1,234,567  45%  …".
            onOutput: (text) => {
              const m = [...text.matchAll(/(\d[\d,]*)\s+\d+%/g)].pop();
              if (m) onProgress?.({ phase: 'copying', bytes: Number(m[1].replace(/,/g, '')), total });
            },
          },
        )
      : await runLocal('scp', ['-q', ...shell.optionArgs(), '--', local, destination], { signal });
  if (copy.code !== 0) {
    const reason = copy.error ? copy.error.message : copy.stderr.trim();
    throw new TransferError('copy-failed', translate('Copying {0} to {1} with {2} failed: {3}', local, shell.host, method, reason), copy.stderr);
  }

  // One round trip: hash the copy; rename it into place only if it is the file we sent.
  onProgress?.({ phase: 'verifying', bytes: total, total });
  const verify = await shell.run(
    [
      SHA256_FUNCTION,
      `h=$(lexreview_sha256 ${shellQuote(part)}) || exit 5`,
      'printf "%s\\n" "$h"',
      `case $h in ${sha256}*|\\\\${sha256}*) mv -f -- ${shellQuote(part)} ${shellQuote(target)} ;; *) rm -f -- ${shellQuote(part)}; exit 4 ;; esac`,
    ].join('\n'),
    { signal },
  );
  if (verify.code !== 0) {
    const got = hashIn(verify.stdout.toString());
    if (verify.code === 4)
      throw new TransferError(
        'checksum-mismatch',
        translate('The copy of {0} on {1} has sha256 {2}, not {3}: the transfer was damaged and the copy removed. Try again.', local, shell.host, got ?? '?', sha256),
        verify.stderr,
      );
    throw new TransferError('remote-failed', translate('Cannot check the copy of {0} on {1}: {2}', local, shell.host, verify.stderr.trim()), verify.stderr);
  }
  return { transferred: true, method, sha256, bytes: total };
}

export interface ReadResult {
  /** The bytes from `offset` to the end of the file (at most maxBytes). */
  data: Buffer;
  /** data.length: how many bytes were read on the host. */
  bytesRead: number;
  /** Where the next read starts. */
  nextOffset: number;
  /** The file's size just before the read; below `offset` means it was truncated or replaced. */
  size: number;
  /** False when the file does not exist (yet). */
  exists: boolean;
}

/** The bytes of `path` on the host from byte `offset` on, in one command (`tail -c +N`). */
export async function readFrom(
  shell: RemoteShell,
  path: string,
  offset: number,
  options: { maxBytes?: number; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<ReadResult> {
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`readFrom: bad offset ${offset}`);
  const p = shellQuote(remotePathArg(path));
  const limit = options.maxBytes === undefined ? '' : ` | head -c ${Math.max(0, Math.floor(options.maxBytes))}`;
  // The size on the first line, then the bytes: one round trip, and stdout stays byte-exact.
  const result = await shell.run(`if [ -f ${p} ]; then wc -c < ${p}; tail -c +${offset + 1} -- ${p}${limit}; else exit 3; fi`, {
    signal: options.signal,
    timeoutMs: options.timeoutMs,
  });
  if (result.code === 3) return { data: Buffer.alloc(0), bytesRead: 0, nextOffset: offset, size: 0, exists: false };
  if (result.code !== 0) throw new TransferError('remote-failed', translate('Cannot read {0} on {1}: {2}', path, shell.host, result.stderr.trim()), result.stderr);
  const newline = result.stdout.indexOf(0x0a);
  const size = Number(result.stdout.subarray(0, newline).toString().trim());
  const data = result.stdout.subarray(newline + 1);
  return { data, bytesRead: data.length, nextOffset: offset + data.length, size, exists: true };
}
