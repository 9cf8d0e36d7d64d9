// A RemoteShell that runs each command line with `/bin/bash -c` on this machine (an absolute path,
// so a test can hand it a PATH without Slurm). The Slurm backend is
// written against RemoteShell, so its integration tests drive a real Slurm through this shell
// exactly as they would through ssh (same command strings, same exit codes and output), without
// needing the sshd harness. `env` carries what the host's login environment would (SLURM_CONF).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { RemoteError, type RemoteResult, type RemoteShell, type RunOptions } from '../../extension/remote/shell';

export interface LocalShellOptions {
  /** Added to this process's environment for every command. */
  env?: Record<string, string>;
  /** Working directory of each command (ssh starts in the home directory; so does this by default). */
  cwd?: string;
  host?: string;
  /** The shell that runs each line (the host user's login shell): /bin/bash unless a test asks for /bin/sh (dash). */
  shell?: string;
}

export class LocalShell implements RemoteShell {
  readonly host: string;
  /** Command lines run so far, in order: tests count round trips with it. */
  readonly commands: string[] = [];

  constructor(private readonly options: LocalShellOptions = {}) {
    this.host = options.host ?? 'localhost';
  }

  run(command: string, options: RunOptions = {}): Promise<RemoteResult> {
    this.commands.push(command);
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.shell ?? '/bin/bash', ['-c', command], {
        cwd: this.options.cwd ?? process.env.HOME ?? '/',
        env: { ...process.env, ...this.options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        signal: options.signal,
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              child.kill('SIGKILL');
              reject(new RemoteError('timeout', this.host, `timed out after ${options.timeoutMs} ms`));
            }, options.timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new RemoteError('other', this.host, e.message));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code: code ?? 128 + (signal ? constants.signals[signal] : 0), stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() });
      });
      child.stdin.on('error', () => {}); // a command that does not read its stdin closes it early
      child.stdin.end(options.stdin ?? '');
    });
  }
}
