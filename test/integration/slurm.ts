// A real single-node Slurm for the integration tests: munged (as the munge user, its own key and
// socket), slurmctld and slurmd (as root, in the foreground so their pids are ours), all with
// state, spool, logs and pids in one temp folder and a generated slurm.conf on free ports, so a
// run never touches /etc/slurm, /run/munge or another run's cluster. Client commands (sbatch,
// squeue, …) find this cluster through SLURM_CONF, which `env` carries; slurm.conf names the
// munge socket (AuthInfo), so the clients authenticate against this munged too.
// Needs root (slurmd starts jobs as their submitting user) and Debian's slurm-wlm and munge.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { alive, freePort, waitFor } from './processes';

const run = promisify(execFile);

export interface SlurmCluster {
  /** This machine's short host name, the cluster's one node. */
  nodeName: string;
  /** The default partition (every job lands here unless it names another). */
  partition: string;
  /** What a client command needs in its environment to talk to this cluster. */
  env: { SLURM_CONF: string };
  /** The temp folder holding conf, state, spool and logs (removed by stop). */
  dir: string;
  /** The end of the daemons' logs, for a failing test's message. */
  logs(): string;
  /** Cancels what is still queued or running, stops the daemons by pid, removes the folder. */
  stop(): Promise<void>;
}




/**
 * Puts the cluster's client commands on a test host's PATH (the sshd's bin folder): small wrappers
 * that hand them this cluster's SLURM_CONF, which a real cluster has in /etc/slurm.
 */
export function slurmOnPath(cluster: SlurmCluster, binDir: string): void {
  for (const tool of ['sbatch', 'squeue', 'sacct', 'scontrol', 'scancel', 'sinfo', 'srun']) {
    const wrapper = join(binDir, tool);
    writeFileSync(wrapper, `#!/bin/sh\nSLURM_CONF='${cluster.env.SLURM_CONF}' exec /usr/bin/${tool} "$@"\n`);
    chmodSync(wrapper, 0o755);
  }
}

const tail = (file: string, lines = 15) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '');

export async function startSlurm(options: { deadlineMs?: number } = {}): Promise<SlurmCluster> {
  if (process.getuid?.() !== 0) throw new Error('startSlurm needs root: slurmd starts each job as the user who submitted it');
  const deadline = options.deadlineMs ?? 30_000;
  const nodeName = hostname().split('.')[0]; // `hostname -s`; slurmd -N and NodeAddr mean it need not resolve
  const partition = 'lexreview';
  const dir = mkdtempSync(join(tmpdir(), 'lexreview-slurm-'));
  chmodSync(dir, 0o755); // munged (not root) must reach its folder inside
  const mungeDir = join(dir, 'munge');
  const logDir = join(dir, 'log');
  for (const d of [mungeDir, logDir, join(dir, 'state'), join(dir, 'spool')]) mkdirSync(d, { mode: 0o755 });
  const conf = join(dir, 'slurm.conf');
  const env = { SLURM_CONF: conf };
  const children: ChildProcess[] = [];

  const running = () => children.filter((c) => c.pid !== undefined && c.exitCode === null && c.signalCode === null);
  // A process that ends without stop() (a crash, Ctrl-C, a forgotten after()) still takes the
  // cluster with it: jobs first (slurmstepd and the job's processes outlive slurmd), synchronously.
  const emergency = () => {
    if (running().length === 0) return;
    const opts = { env: { ...process.env, ...env }, stdio: 'ignore' as const, timeout: 5_000 };
    try {
      execFileSync('scancel', ['--user=root'], opts);
      const end = Date.now() + 5_000;
      while (Date.now() < end && execFileSync('squeue', ['-h', '-o', '%i'], { ...opts, stdio: 'pipe' }).toString().trim() !== '') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      }
    } catch {
      // the controller is gone already: nothing more to ask it
    }
    for (const c of running()) process.kill(c.pid!, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    emergency();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.kill(process.pid, signal);
  };
  process.once('exit', emergency);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const logs = () =>
    ['munged.log', 'slurmctld.log', 'slurmd.log', 'slurmctld.stderr', 'slurmd.stderr']
      .map((f) => join(f === 'munged.log' ? mungeDir : logDir, f))
      .filter(existsSync)
      .map((f) => `--- ${f}\n${tail(f)}`)
      .join('\n');

  const daemon = (command: string, args: string[], name: string, ids: { uid?: number; gid?: number } = {}) => {
    const err = openSync(join(logDir, `${name}.stderr`), 'a');
    const child = spawn(command, args, { stdio: ['ignore', err, err], ...ids });
    closeSync(err);
    children.push(child);
    return child;
  };

  let controller: ChildProcess | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      // slurmstepd outlives slurmd, so jobs are cancelled and drained before the daemons go.
      if (controller && controller.exitCode === null) {
        await run('scancel', ['--user=root'], { env: { ...process.env, ...env } }).catch(() => undefined);
        await waitFor('the jobs to end', 20_000, async () => {
          const { stdout } = await run('squeue', ['-h', '-o', '%i'], { env: { ...process.env, ...env } }).catch(() => ({ stdout: '' }));
          return stdout.trim() === '';
        }).catch(() => undefined);
      }
    } finally {
      for (const c of [...children].reverse()) {
        if (c.pid === undefined || c.exitCode !== null || c.signalCode !== null) continue;
        const gone = new Promise<void>((r) => c.once('exit', () => r()));
        process.kill(c.pid, 'SIGTERM');
        const timer = setTimeout(() => c.pid !== undefined && alive(c.pid) && process.kill(c.pid, 'SIGKILL'), 10_000);
        await gone;
        clearTimeout(timer);
      }
      process.removeListener('exit', emergency);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
    // munge: a fresh key only munged can read, its socket, pid, log and seed in its own folder.
    const uid = Number(execFileSync('id', ['-u', 'munge']).toString());
    const gid = Number(execFileSync('id', ['-g', 'munge']).toString());
    const key = join(mungeDir, 'munge.key');
    writeFileSync(key, randomBytes(1024), { mode: 0o400 });
    chownSync(key, uid, gid);
    chownSync(mungeDir, uid, gid);
    const socket = join(mungeDir, 'munge.socket');
    const munged = daemon(
      '/usr/sbin/munged',
      ['--foreground', `--socket=${socket}`, `--key-file=${key}`, `--log-file=${join(mungeDir, 'munged.log')}`, `--pid-file=${join(mungeDir, 'munged.pid')}`, `--seed-file=${join(mungeDir, 'munged.seed')}`],
      'munged',
      { uid, gid },
    );
    await waitFor('munged to open its socket', deadline, () => {
      if (munged.exitCode !== null) throw new Error(`munged exited with ${munged.exitCode}`);
      return existsSync(socket);
    });

    // `slurmd -C` prints this node as slurm.conf wants it: CPUs, sockets, cores, threads, memory.
    const hardware = execFileSync('slurmd', ['-C']).toString().split('\n')[0].replace(/^NodeName=\S+\s*/, '').replace(/\s*UpTime=.*$/, '');
    const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
    writeFileSync(
      conf,
      [
        'ClusterName=lexreview',
        `SlurmctldHost=${nodeName}(127.0.0.1)`,
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${slurmdPort}`,
        'SlurmUser=root',
        'SlurmdUser=root',
        'AuthType=auth/munge',
        'CredType=cred/munge',
        `AuthInfo=socket=${socket}`,
        `StateSaveLocation=${join(dir, 'state')}`,
        `SlurmdSpoolDir=${join(dir, 'spool')}`,
        `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
        `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
        `SlurmctldLogFile=${join(logDir, 'slurmctld.log')}`,
        `SlurmdLogFile=${join(logDir, 'slurmd.log')}`,
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'SelectType=select/cons_tres',
        // Cores only: with memory as a resource a job without --mem takes the whole node's, and jobs would queue one by one.
        'SelectTypeParameters=CR_Core',
        'JobAcctGatherType=jobacct_gather/none',
        'AccountingStorageType=accounting_storage/none',
        'JobCompType=jobcomp/none',
        'MpiDefault=none',
        'MailProg=/bin/true',
        'ReturnToService=2',
        'SchedulerType=sched/backfill',
        'SlurmctldTimeout=30',
        'SlurmdTimeout=30',
        'InactiveLimit=0',
        'KillWait=2',
        // The controller forgets a finished job after this many seconds (sacct is not there to remember it).
        'MinJobAge=300',
        `NodeName=${nodeName} NodeAddr=127.0.0.1 ${hardware} State=UNKNOWN`,
        `PartitionName=${partition} Nodes=${nodeName} Default=YES MaxTime=INFINITE State=UP`,
        '',
      ].join('\n'),
    );

    controller = daemon('slurmctld', ['-D', '-i', '-f', conf], 'slurmctld');
    daemon('slurmd', ['-D', '-f', conf, '-N', nodeName], 'slurmd');
    await waitFor(`node ${nodeName} to be idle`, deadline, async () => {
      for (const c of children) if (c.exitCode !== null) throw new Error(`${c.spawnfile} exited with ${c.exitCode}`);
      const { stdout } = await run('sinfo', ['-h', '-n', nodeName, '-o', '%t'], { env: { ...process.env, ...env } }).catch(() => ({ stdout: '' }));
      return stdout.trim() === 'idle';
    });
  } catch (e) {
    const message = `startSlurm: ${(e as Error).message}\n${logs()}`;
    await stop();
    throw new Error(message);
  }
  return { nodeName, partition, env, dir, logs, stop };
}
