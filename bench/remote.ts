// The polling target of issue 17, for `npm run bench` (bench/run.ts calls remoteBench): "a poll
// cycle on an idle run transfers only the new bytes (measured in bytes read on the host) and costs
// one round trip on a reused connection". On a real sshd on loopback (test/integration/sshd.ts) with
// the fake trainer, a finished run is watched by RunWatch, the product's poller:
// - bytes: an idle poll brings 0 log bytes; after the log grows by B bytes, the next poll brings
//   exactly B (the baseline: the whole file, which a poller without offsets would read);
// - round trips: shell.run calls per poll, counted by a wrapper around the real SshShell (1), and
//   new ssh logins per poll on the reused connection, from sshd's log (0);
// - time: N idle polls over the reused master against N polls that each open a connection (the
//   baseline), medians, printed as a ratio.
// Alone: node --import tsx bench/remote.ts
import { appendFileSync, copyFileSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withDefaults } from '../extension/core/training/runSpec';
import { launchRun } from '../extension/remote/runLaunch';
import { RunWatch } from '../extension/remote/runWatch';
import type { RemoteShell, RunOptions } from '../extension/remote/shell';
import { SshShell } from '../extension/remote/ssh';
import { startSshd } from '../test/integration/sshd';
import { runStandalone } from './standalone';

const POLLS = Number(process.env.BENCH_POLLS ?? 15);

/** The real shell, counting its round trips. */
class CountingShell implements RemoteShell {
  calls = 0;
  constructor(readonly inner: SshShell) {}
  get host(): string {
    return this.inner.host;
  }
  run(command: string, options?: RunOptions) {
    this.calls++;
    return this.inner.run(command, options);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function timedPolls(watch: RunWatch, n: number): Promise<{ ms: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const u = await watch.poll();
    times.push(performance.now() - t);
    bytes += u.bytesRead;
  }
  return { ms: median(times), bytes };
}

export async function remoteBench(): Promise<number> {
  const sshd = await startSshd();
  const shells: SshShell[] = [];
  try {
    copyFileSync(join(__dirname, '..', 'test', 'integration', 'fakeTrainer', 'llamafactory-cli'), join(sshd.binDir, 'llamafactory-cli'));
    writeFileSync(join(sshd.binDir, 'fake-trainer.json'), JSON.stringify({ steps: 200, step_seconds: 0 }));
    const root = join(sshd.dir, 'runs');
    const dataset = join(mkdtempSync(join(sshd.dir, 'ws-')), 'law.json');
    writeFileSync(dataset, JSON.stringify([{ instruction: '问题', input: '', output: '回答' }]));
    const reused = new SshShell(sshd.hostAlias, { configFile: sshd.configFile });
    const fresh = new SshShell(sshd.hostAlias, { configFile: sshd.configFile, reuseConnection: false });
    shells.push(reused, fresh);
    const spec = withDefaults({ name: 'bench_batch128_epoch3_alpaca', host: sshd.hostAlias, dataset: { path: dataset }, model: '/models/m', method: 'lora' });
    await launchRun(reused, spec, { root });
    const counting = new CountingShell(reused);
    const watch = new RunWatch(counting, root, spec.name, 'ssh');
    for (let u = await watch.poll(); u.state.state !== 'finished'; u = await watch.poll()) {
      if (u.state.state !== 'running' && u.state.state !== 'queued') throw new Error(`the bench run ended ${u.state.state}`);
    }
    while ((await watch.poll()).bytesRead > 0); // caught up with the whole log
    const logFile = join(root, spec.name, 'train.log');
    const whole = statSync(logFile).size + statSync(join(root, spec.name, 'output', 'trainer_log.jsonl')).size;

    // Bytes: idle, then exactly what was appended.
    counting.calls = 0;
    const loginsBefore = sshd.acceptedConnections();
    const idle = await timedPolls(watch, POLLS);
    const callsPerPoll = counting.calls / POLLS;
    const loginsPerPoll = (sshd.acceptedConnections() - loginsBefore) / POLLS;
    const appended = "{'loss': 0.1234, 'learning_rate': 1e-05, 'epoch': 3.0}\n".repeat(10);
    appendFileSync(logFile, appended);
    const grown = await watch.poll();
    const expected = Buffer.byteLength(appended);

    // Time: the same idle polls, each over a connection of its own.
    const freshWatch = new RunWatch(fresh, root, spec.name, 'ssh');
    while ((await freshWatch.poll()).bytesRead > 0);
    const freshPolls = await timedPolls(freshWatch, POLLS);

    const okBytes = idle.bytes === 0 && grown.bytesRead === expected;
    const okTrips = callsPerPoll === 1 && loginsPerPoll === 0;
    console.log(`\nRemote polling: a finished run on a real sshd on loopback (${whole.toLocaleString('en-US')} log bytes), RunWatch.poll, ${POLLS} polls each, medians`);
    const w = 50;
    console.log(`${'figure'.padEnd(w)}  ${'value'.padStart(12)}  ${'baseline'.padStart(12)}  ${'ratio'.padStart(7)}  target`);
    const row = (name: string, value: string, base: string, ratio: string, target: string) => console.log(`${name.padEnd(w)}  ${value.padStart(12)}  ${base.padStart(12)}  ${ratio.padStart(7)}  ${target}`);
    row('log bytes read by an idle poll (baseline: whole log)', `${idle.bytes / POLLS} B`, `${whole} B`, (idle.bytes / POLLS / whole).toFixed(2) + '×', `only new bytes ${okBytes ? 'ok' : 'MISSED'}`);
    row('bytes read after the log grew (baseline: growth)', `${grown.bytesRead} B`, `${expected} B`, (grown.bytesRead / expected).toFixed(2) + '×', '');
    row('round trips per poll; new ssh logins per poll', `${callsPerPoll}; ${loginsPerPoll}`, '', '', `one round trip, reused ${okTrips ? 'ok' : 'MISSED'}`);
    row('idle poll, reused connection (baseline: a new one)', `${idle.ms.toFixed(0)} ms`, `${freshPolls.ms.toFixed(0)} ms`, (idle.ms / freshPolls.ms).toFixed(2) + '×', '');
    return (okBytes ? 0 : 1) + (okTrips ? 0 : 1);
  } finally {
    for (const s of shells) await s.close();
    await sshd.stop();
  }
}

if (require.main === module) runStandalone(remoteBench);
