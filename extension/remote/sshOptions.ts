// The one list of options LexReview gives the system OpenSSH client, shared by ssh, scp and
// `rsync -e`, so a copy travels over the same reused connection, config file and host-key checks
// as a command. What is deliberately absent: StrictHostKeyChecking. The user's config (default
// `ask`, which BatchMode turns into a refusal) decides, so an unknown or changed host key is never
// accepted behind the user's back.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SshConnectionOptions {
  /** An ssh_config file instead of ~/.ssh/config (`ssh -F`; setting lexreview.ssh.configFile, CLI --ssh-config). */
  configFile?: string;
  /** Seconds to wait for the TCP connection and the server's banner (ConnectTimeout). Default 15. */
  connectTimeoutSec?: number;
  /** Seconds between keep-alives on a quiet connection (ServerAliveInterval). Default 15. */
  serverAliveIntervalSec?: number;
  /** Unanswered keep-alives before ssh gives up (ServerAliveCountMax). Default 3. */
  serverAliveCountMax?: number;
  /** Seconds the shared master connection outlives its last command (ControlPersist). Default 60. */
  controlPersistSec?: number;
  /** Reuse one connection for every command (ControlMaster). Default: true, except on Windows, whose OpenSSH has no multiplexing. */
  reuseConnection?: boolean;
  /** The program to run (default `ssh` from the PATH). */
  sshCommand?: string;
}

let controlDir: string | undefined;

/**
 * A private folder for the control sockets of this process, created on first use (mode 0700 by
 * mkdtemp). Under /tmp rather than os.tmpdir(): a Unix socket path holds at most ~104 bytes and
 * macOS's TMPDIR alone is ~50. "/tmp/lxr-XXXXXX/" + %C (40) + "." + 8 + ssh's temporary suffix (17)
 * stays near 82.
 */
function privateControlDir(): string {
  if (controlDir === undefined) {
    controlDir = mkdtempSync(join(existsSync('/tmp') ? '/tmp' : tmpdir(), 'lxr-'));
    const dir = controlDir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return controlDir;
}

export function reusesConnection(options: SshConnectionOptions): boolean {
  return options.reuseConnection ?? process.platform !== 'win32';
}

/**
 * The ControlPath for these options and host alias: `%C` (ssh's hash of local host, remote host,
 * port, user and ProxyJump) keeps it short, and a hash of the config file and the alias keeps
 * masters apart that ssh would otherwise share: a master authenticated with one config's
 * known_hosts, or one alias's IdentityFile, must not serve another alias of the same address
 * whose own settings would refuse or differ.
 */
export function controlPath(options: SshConnectionOptions, alias = ''): string | undefined {
  if (!reusesConnection(options)) return undefined;
  const key = createHash('sha256').update(`${options.configFile ?? ''}\0${alias}`).digest('hex').slice(0, 8);
  return join(privateControlDir(), `%C.${key}`);
}

/** Options for ssh/scp/rsync -e to the host `alias` (not included): `-F`, BatchMode, connection reuse, keep-alives, timeout. */
export function sshOptionArgs(options: SshConnectionOptions, alias = ''): string[] {
  const args: string[] = [];
  if (options.configFile) args.push('-F', options.configFile);
  args.push(
    '-o', 'BatchMode=yes',
    '-o', `ConnectTimeout=${options.connectTimeoutSec ?? 15}`,
    '-o', `ServerAliveInterval=${options.serverAliveIntervalSec ?? 15}`,
    '-o', `ServerAliveCountMax=${options.serverAliveCountMax ?? 3}`,
  );
  const path = controlPath(options, alias);
  if (path !== undefined) {
    args.push('-o', 'ControlMaster=auto', '-o', `ControlPath=${path}`, '-o', `ControlPersist=${options.controlPersistSec ?? 60}`);
  }
  return args;
}
