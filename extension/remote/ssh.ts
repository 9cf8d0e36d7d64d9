// RemoteShell over the system OpenSSH client: `ssh [options] -- HOST COMMAND`, one process per
// command, all of them multiplexed over one master connection per host and config (ControlMaster
// auto + ControlPersist), so a poll costs one round trip instead of a TCP + key exchange + login.
// When the master dies (a dropped network, a killed process) the next command finds its socket
// dead and ssh opens a new one: reconnecting needs no code here.
//
// Telling ssh's exit 255 from a remote command's: ssh exits 255 for its own failures and also
// passes on a remote exit status of 255. So the command is wrapped: the remote shell first writes
// a start marker to stderr, runs the command in a subshell, then writes an exit marker with the
// command's status. Exit marker present → that is the command's status, whatever it is (255
// included). No exit marker and ssh exited 255 → ssh failed: before the start marker, the
// connection or login failed (classified from ssh's stderr); after it, the connection was lost
// mid-command. Both markers are removed from the stderr returned. (The login shell must be a
// POSIX shell, which every command LexReview sends already assumes.)
import { spawn } from 'node:child_process';
import { translate } from '../core/l10n';
import { resolveHost, type ResolvedHost } from './sshConfig';
import { sshFailureError, spawnFailureError } from './sshErrors';
import { controlPath, sshOptionArgs, type SshConnectionOptions } from './sshOptions';
import { RemoteError, type RemoteResult, type RemoteShell, type RunOptions } from './shell';

const START = '\x1elexreview:start\x1e';
const EXIT = /\x1elexreview:exit:(\d+)\x1e/g;

/** The command line the remote login shell runs: `command` between the two markers (see above). */
export function wrapCommand(command: string): string {
  return [
    `printf '\\036lexreview:start\\036' >&2`,
    '(',
    command,
    ')',
    'lexreview_status=$?',
    `printf '\\036lexreview:exit:%d\\036' "$lexreview_status" >&2`,
    'exit "$lexreview_status"',
  ].join('\n');
}

/** What the markers in ssh's stderr say: the command's status if it ended, whether it started, and the stderr without them. */
export function readMarkers(stderr: string): { status: number | undefined; started: boolean; stderr: string } {
  const start = stderr.indexOf(START);
  // The last exit marker is ours, should the command's own stderr ever hold one.
  const exit = [...stderr.matchAll(EXIT)].pop();
  let clean = stderr;
  if (exit) clean = clean.slice(0, exit.index) + clean.slice(exit.index! + exit[0].length);
  if (start >= 0) clean = clean.slice(0, start) + clean.slice(start + START.length);
  return { status: exit ? Number(exit[1]) : undefined, started: start >= 0, stderr: clean };
}

export interface SshControlState {
  /** A master connection is up for this host and config. */
  running: boolean;
  /** Its process id, as `ssh -O check` reports it. */
  pid?: number;
}

export class SshShell implements RemoteShell {
  private resolved: Promise<ResolvedHost> | undefined;

  constructor(
    readonly host: string,
    readonly options: SshConnectionOptions = {},
  ) {}

  private get ssh(): string {
    return this.options.sshCommand ?? 'ssh';
  }

  /** The options every ssh, scp and rsync -e of this shell gets (no host). */
  optionArgs(): string[] {
    return sshOptionArgs(this.options, this.host);
  }

  /** What ssh resolves for the alias (`ssh -G`), cached. */
  resolve(): Promise<ResolvedHost> {
    return (this.resolved ??= resolveHost(this.host, this.options.configFile, this.ssh));
  }

  run(command: string, options: RunOptions = {}): Promise<RemoteResult> {
    const { signal, timeoutMs, stdin } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const child = spawn(this.ssh, [...this.optionArgs(), '--', this.host, wrapCommand(command)], {
        stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      /** True the first time only: then the caller settles the promise. */
      const settle = () => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const stop = (error: unknown) => {
        if (!settle()) return;
        child.kill('SIGTERM');
        reject(error);
      };
      const onAbort = () => stop(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) {
        const seconds = Math.ceil(timeoutMs / 1000);
        timer = setTimeout(() => stop(new RemoteError('timeout', this.host, translate('{0} did not answer within {1} seconds.', this.host, seconds))), timeoutMs);
      }
      child.stdout!.on('data', (d: Buffer) => stdout.push(d));
      child.stderr!.on('data', (d: Buffer) => stderr.push(d));
      child.on('error', (error: NodeJS.ErrnoException) => settle() && reject(spawnFailureError(this.host, error)));
      if (child.stdin) {
        child.stdin.on('error', () => undefined); // the command may exit without reading its input
        child.stdin.end(stdin);
      }
      child.on('close', (code, signalName) => {
        if (!settle()) return;
        const marks = readMarkers(Buffer.concat(stderr).toString('utf8'));
        // The exit marker is the command's status; without it, any code but 255 is still the command's.
        const status = marks.status ?? (code !== 255 && code !== null ? code : undefined);
        if (status !== undefined) return resolve({ code: status, stdout: Buffer.concat(stdout), stderr: marks.stderr });
        const detail = marks.stderr || (signalName ? `ssh: ${signalName}` : '');
        void sshFailureError(this.host, detail, marks.started, () => this.resolve()).then(reject);
      });
    });
  }

  /** The master connection's state (`ssh -O check`); not running when reuse is off. */
  async control(): Promise<SshControlState> {
    if (controlPath(this.options, this.host) === undefined) return { running: false };
    const { code, output } = await this.controlCommand('check');
    const pid = output.match(/pid=(\d+)/)?.[1];
    return { running: code === 0, pid: pid === undefined ? undefined : Number(pid) };
  }

  /** Ends the master connection (`ssh -O exit`); commands still running on it are cut off. A later run() connects again. */
  async close(): Promise<void> {
    if (controlPath(this.options, this.host) === undefined) return;
    await this.controlCommand('exit');
  }

  private controlCommand(op: 'check' | 'exit'): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve) => {
      const child = spawn(this.ssh, [...this.optionArgs(), '-O', op, '--', this.host], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('error', () => resolve({ code: null, output }));
      child.on('close', (code) => resolve({ code, output }));
    });
  }
}
