// The options every remote-training command shares: `--ssh-config FILE` (passed to ssh as -F,
// like the setting lexreview.ssh.configFile) and `--root DIR`, the runs' folder on the host
// (default ~/lexreview-runs). One SshShell per host per command, closed when the command ends so
// no master connection outlives the CLI.
import { DEFAULT_RUNS_ROOT } from '../core/training/runFolder';
import { listHosts } from '../remote/sshConfig';
import { SshShell } from '../remote/ssh';
import { stringOption, type ParsedArgs } from './args';

export const REMOTE_OPTIONS = { 'ssh-config': 'value', root: 'value' } as const;

export function runsRoot(args: ParsedArgs): string {
  return stringOption(args, 'root') ?? DEFAULT_RUNS_ROOT;
}

export function sshConfigFile(args: ParsedArgs): string | undefined {
  return stringOption(args, 'ssh-config');
}

/** Runs `fn` with a shell on `host`, closing its connection afterwards. */
export async function withShell<T>(args: ParsedArgs, host: string, fn: (shell: SshShell) => Promise<T>): Promise<T> {
  const shell = new SshShell(host, { configFile: sshConfigFile(args) });
  try {
    return await fn(shell);
  } finally {
    await shell.close();
  }
}

/** The hosts a command covers: --host, else every host of the ssh config. */
export function chosenHosts(args: ParsedArgs): string[] {
  const host = stringOption(args, 'host');
  return host !== undefined ? [host] : listHosts(sshConfigFile(args)).map((h) => h.alias);
}
