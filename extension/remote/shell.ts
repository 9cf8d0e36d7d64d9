// The one interface every remote operation goes through: a shell on a host that runs a command
// line and returns its output. SshShell (ssh.ts) is the real one; the Slurm backend, uploads and
// the run lifecycle are written against this interface, so they never build an ssh command line
// themselves. Commands are strings for the remote POSIX shell: build them with shellCommand /
// shellQuote from core/training/shellQuote.ts, never by pasting user text into a template.
import { HostError } from './hostError';

export interface RemoteResult {
  /** The remote command's exit code (ssh's own failures are thrown as RemoteError, not returned). */
  code: number;
  stdout: Buffer;
  stderr: string;
}

export interface RunOptions {
  /** Bytes written to the remote command's stdin, then closed. */
  stdin?: Buffer | string;
  /** Aborts the local ssh process (the remote command may go on: detach long work on the host). */
  signal?: AbortSignal;
  /** Milliseconds before the call is aborted with a RemoteError of kind 'timeout'. */
  timeoutMs?: number;
}

export interface RemoteShell {
  /** The host alias as the user wrote it (a `Host` of the ssh config). */
  readonly host: string;
  /** Runs one command line on the host and resolves with its exit code and output. */
  run(command: string, options?: RunOptions): Promise<RemoteResult>;
}

/** Why a host could not be reached; each kind has its own message for the user. */
export type RemoteErrorKind =
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'auth-failed'
  | 'unreachable'
  | 'timeout'
  | 'ssh-missing'
  | 'other';

export class RemoteError extends HostError<RemoteErrorKind> {
  override name = 'RemoteError';
}
