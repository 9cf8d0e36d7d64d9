// ssh's own failures (exit 255 before the remote command ran, or a connection lost during it)
// turned into a RemoteError the user can act on. The kind comes from ssh's stderr, whose texts are
// stable across OpenSSH releases; for an unknown or changed host key the message names the host
// and the fingerprint of the key the server offers, and tells the user to connect once in a
// terminal — the extension itself never accepts a key.
import { execFile, spawn } from 'node:child_process';
import { translate } from '../core/l10n';
import { RemoteError, type RemoteErrorKind } from './shell';

export interface SshFailure {
  kind: RemoteErrorKind;
  /** Key type ssh named (ED25519, ECDSA, RSA …), for unknown/changed host keys. */
  keyType?: string;
  /** Fingerprint printed by ssh (changed host key). */
  fingerprint?: string;
  /** The connection broke after the remote command had started. */
  lost?: boolean;
}

/** What went wrong, from ssh's stderr alone. `connected`: the remote command had started (our start marker was seen). */
export function classifySshStderr(stderr: string, connected = false): SshFailure {
  // Once the command ran, host keys and login are settled: whatever the stderr says (it holds the
  // command's own text too), ssh gave up on a live connection.
  if (connected) return { kind: 'unreachable', lost: true };
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for \S+ has changed/.test(stderr)) {
    const m = stderr.match(/fingerprint for the (\S+) key sent by the remote host is\s+(\S+?)\.?\s*$/m);
    return { kind: 'host-key-changed', keyType: m?.[1], fingerprint: m?.[2] };
  }
  const unknown = stderr.match(/No (\S+) host key is known for/);
  if (unknown || /Host key verification failed/.test(stderr)) return { kind: 'host-key-unknown', keyType: unknown?.[1] };
  if (/Permission denied \(|Too many authentication failures|no mutual signature algorithm/.test(stderr)) return { kind: 'auth-failed' };
  if (
    /Connection refused|Connection timed out|Operation timed out|Could not resolve hostname|No route to host|Network is unreachable|Connection reset|Connection closed by|closed by remote host|kex_exchange_identification|Broken pipe|Timeout, server .* not responding/.test(
      stderr,
    )
  )
    return { kind: 'unreachable' };
  return { kind: 'other' };
}

/**
 * The fingerprint of the host key the server at hostname:port offers, as `ssh-keyscan | ssh-keygen
 * -lf -` prints it (`SHA256:…`); undefined when it cannot be had (no route, ProxyJump hosts, which
 * ssh-keyscan cannot reach, a missing tool). Only read, never written to a known_hosts.
 */
export function offeredFingerprint(hostname: string, port: number, keyType?: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const typeArgs = keyType ? ['-t', keyType.toLowerCase()] : [];
    execFile('ssh-keyscan', ['-T', '5', ...typeArgs, '-p', String(port), '--', hostname], { timeout: 10_000 }, (error, keys) => {
      if (error || !keys.trim()) return resolve(undefined);
      const keygen = spawn('ssh-keygen', ['-lf', '-'], { stdio: ['pipe', 'pipe', 'ignore'] });
      let out = '';
      keygen.stdout.on('data', (d: Buffer) => (out += d.toString()));
      keygen.on('error', () => resolve(undefined));
      keygen.on('close', () => resolve(out.match(/\b(SHA256:\S+)/)?.[1]));
      keygen.stdin.end(keys);
    });
  });
}

/** The user's message for a failure of `host`; `fingerprint` of the offered key when known. */
export function sshFailureMessage(host: string, failure: SshFailure, stderr: string): string {
  const fp = failure.fingerprint;
  const last = stderr.trim().split('\n').pop()?.trim() ?? '';
  switch (failure.kind) {
    case 'host-key-unknown':
      return fp
        ? translate('The host key of {0} is not known (the server offers {1}). LexReview never accepts a host key by itself: check the fingerprint, then connect once in a terminal (ssh {0}) to accept it.', host, fp)
        : translate('The host key of {0} is not known. LexReview never accepts a host key by itself: connect once in a terminal (ssh {0}) to check and accept it.', host);
    case 'host-key-changed':
      return translate(
        'The host key of {0} has CHANGED (the server now offers {1}). This can mean someone is intercepting the connection. If the change is expected, remove the old key (ssh-keygen -R) and connect once in a terminal (ssh {0}) to accept the new one.',
        host,
        fp ?? '?',
      );
    case 'auth-failed':
      return translate('{0} refused the login (Permission denied). Check the user and the key for this host in your ssh config, or that your ssh agent holds the key.', host);
    case 'unreachable':
      if (failure.lost) return translate('The connection to {0} was lost while a command was running.', host);
      return translate('Cannot reach {0}: {1}', host, last || translate('no message'));
    case 'ssh-missing':
      return translate('The ssh program was not found. Install the OpenSSH client (ssh) and make sure it is on the PATH.');
    case 'timeout':
      return translate('{0} did not answer in time.', host);
    default:
      return translate('ssh to {0} failed: {1}', host, last || translate('no message'));
  }
}

/**
 * A RemoteError for ssh's failure on `host`. For host keys, the fingerprint comes from ssh's
 * output when it prints one (changed key), else from `where()` (the host's real address from
 * `ssh -G`) and ssh-keyscan.
 */
export async function sshFailureError(
  host: string,
  stderr: string,
  connected: boolean,
  where: () => Promise<{ hostname: string; port: number }>,
): Promise<RemoteError> {
  // ssh ends its own lines with CR LF; keep the detail plain for the output channel.
  stderr = stderr.replace(/\r\n/g, '\n');
  const failure = classifySshStderr(stderr, connected);
  if ((failure.kind === 'host-key-unknown' || failure.kind === 'host-key-changed') && !failure.fingerprint) {
    try {
      const { hostname, port } = await where();
      failure.fingerprint = await offeredFingerprint(hostname, port, failure.keyType);
    } catch {
      // no fingerprint: the message says so and the advice stands
    }
  }
  return new RemoteError(failure.kind, host, sshFailureMessage(host, failure, stderr), stderr);
}

/** The error for a failure to start the ssh program itself. */
export function spawnFailureError(host: string, error: NodeJS.ErrnoException): RemoteError {
  const kind: RemoteErrorKind = error.code === 'ENOENT' ? 'ssh-missing' : 'other';
  return new RemoteError(kind, host, kind === 'ssh-missing' ? sshFailureMessage(host, { kind }, '') : translate('ssh to {0} failed: {1}', host, error.message), String(error));
}
