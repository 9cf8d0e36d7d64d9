// A real OpenSSH server on loopback for the integration tests (ssh layer, training runs, e2e):
// its own config, host key, authorized test key and log in a temp folder, on a free port, started
// in the foreground (-D) so the process we spawned is the daemon and can be killed by its pid.
// Clients reach it only through the ssh_config files this module writes (`ssh -F FILE ALIAS`), with
// StrictHostKeyChecking yes and a known_hosts holding the server's real key — the same checks a
// user's terminal does. `binDir` is first on the PATH of every session (sshd's SetEnv), so a test
// can install fake tools there (the GPU trainer as `llamafactory-cli`, a lying `sha256sum`).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './processes';

export interface ClientConfigOptions {
  /** 'server' (default): the server's real key; 'empty': no key known; 'wrong': another key under the server's name. */
  knownHosts?: 'server' | 'empty' | 'wrong';
  /** 'authorized' (default): the test key sshd accepts; 'unauthorized': a fresh key sshd has never seen. */
  identity?: 'authorized' | 'unauthorized';
  /** A port instead of the server's (e.g. a closed one, for "unreachable"). */
  port?: number;
  /** The Host alias of the config (default: the server's alias). */
  alias?: string;
}

export interface Sshd {
  /** The loopback port sshd listens on. */
  port: number;
  /** The Host alias of `configFile` that reaches it. */
  hostAlias: string;
  /** A client ssh_config: alias → 127.0.0.1:port, the authorized key, known_hosts with the server's key, strict checking. */
  configFile: string;
  /** A folder first on the PATH of every remote session: install fake tools here. */
  binDir: string;
  /** The temp folder holding everything (removed by stop()). */
  dir: string;
  /** sshd's log (LogLevel VERBOSE: one "Accepted publickey" line per authenticated connection). */
  logFile: string;
  /** The server's host key fingerprint as ssh prints it (`SHA256:…`). */
  hostKeyFingerprint: string;
  /** The remote user (the one running the tests). */
  user: string;
  /** Writes another client config (empty or wrong known_hosts, an unauthorized key, another port) and returns its path. */
  clientConfig(options?: ClientConfigOptions): string;
  /** How many connections sshd has authenticated so far (from its log). */
  acceptedConnections(): number;
  /** Kills sshd by its pid and removes the temp folder; safe to call twice. */
  stop(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd';


function keygen(path: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lexreview-test', '-f', path]);
}


export async function startSshd(options: { alias?: string } = {}): Promise<Sshd> {
  const hostAlias = options.alias ?? 'lexreview-test';
  const dir = mkdtempSync(join(tmpdir(), 'lxr-sshd-'));
  chmodSync(dir, 0o700);
  const binDir = join(dir, 'bin');
  mkdirSync(binDir);
  const hostKey = join(dir, 'host_ed25519');
  const clientKey = join(dir, 'client_ed25519');
  const otherKey = join(dir, 'other_ed25519');
  keygen(hostKey);
  keygen(clientKey);
  keygen(otherKey);
  const authorized = join(dir, 'authorized_keys');
  writeFileSync(authorized, readFileSync(`${clientKey}.pub`));
  // sshd refuses to start without its privilege-separation directory.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const user = userInfo().username;
  const logFile = join(dir, 'sshd.log');
  const pidFile = join(dir, 'sshd.pid');
  const hostKeyFingerprint = execFileSync('ssh-keygen', ['-lf', `${hostKey}.pub`]).toString().split(' ')[1];

  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort();
    const config = join(dir, 'sshd_config');
    writeFileSync(
      config,
      [
        `ListenAddress 127.0.0.1`,
        `Port ${port}`,
        `HostKey ${hostKey}`,
        `AuthorizedKeysFile ${authorized}`,
        `PidFile ${pidFile}`,
        `StrictModes no`,
        `UsePAM no`,
        `PermitRootLogin prohibit-password`,
        `PasswordAuthentication no`,
        `KbdInteractiveAuthentication no`,
        `AllowUsers ${user}`,
        `LogLevel VERBOSE`,
        // Sessions run in a known environment: the fake tools first, then the usual PATH.
        `SetEnv PATH=${binDir}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin LC_ALL=C.UTF-8`,
        // scp (OpenSSH ≥ 9.0) copies over SFTP.
        `Subsystem sftp /usr/lib/openssh/sftp-server`,
        `MaxSessions 50`,
        `MaxStartups 50`,
        '',
      ].join('\n'),
    );
    rmSync(logFile, { force: true });
    const proc = spawn(SSHD, ['-D', '-f', config, '-E', logFile], { stdio: 'ignore' });
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    let gone = false;
    void exited.then(() => (gone = true));
    const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
    try {
      await waitFor('sshd to listen', 10_000, () => gone || /Server listening on 127\.0\.0\.1 port/.test(log()));
    } catch (e) {
      proc.kill('SIGKILL');
      throw e;
    }
    if (gone) {
      // Port taken between freePort() and the bind: try another; any other failure is real.
      if (!/Address already in use/.test(log())) throw new Error(`sshd did not start:\n${log()}`);
      continue;
    }
    child = proc;
  }
  if (!child) throw new Error('sshd: no free port after 5 attempts');
  const daemon = child;

  const knownHostsFor = (kind: 'server' | 'empty' | 'wrong', p: number) => {
    const file = join(dir, `known_hosts_${kind}_${p}`);
    const key = kind === 'server' ? `${hostKey}.pub` : `${otherKey}.pub`;
    const [type, blob] = readFileSync(key, 'utf8').trim().split(' ');
    writeFileSync(file, kind === 'empty' ? '' : `[127.0.0.1]:${p} ${type} ${blob}\n`);
    return file;
  };
  let configs = 0;
  const clientConfig = (o: ClientConfigOptions = {}): string => {
    const p = o.port ?? port;
    const file = join(dir, `ssh_config_${configs++}`);
    writeFileSync(
      file,
      [
        `Host ${o.alias ?? hostAlias}`,
        `  HostName 127.0.0.1`,
        `  Port ${p}`,
        `  User ${user}`,
        `  IdentityFile ${o.identity === 'unauthorized' ? otherKey : clientKey}`,
        `  IdentitiesOnly yes`,
        `  IdentityAgent none`,
        `  UserKnownHostsFile ${knownHostsFor(o.knownHosts ?? 'server', p)}`,
        `  GlobalKnownHostsFile /dev/null`,
        `  StrictHostKeyChecking yes`,
        `  PasswordAuthentication no`,
        `  KbdInteractiveAuthentication no`,
        `  UpdateHostKeys no`,
        '',
      ].join('\n'),
    );
    return file;
  };

  let stopped = false;
  return {
    port,
    hostAlias,
    configFile: clientConfig(),
    binDir,
    dir,
    logFile,
    hostKeyFingerprint,
    user,
    clientConfig,
    acceptedConnections: () => (readFileSync(logFile, 'utf8').match(/Accepted publickey/g) ?? []).length,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (daemon.exitCode === null && daemon.signalCode === null) {
        const exited = new Promise<void>((r) => daemon.once('exit', () => r()));
        daemon.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
