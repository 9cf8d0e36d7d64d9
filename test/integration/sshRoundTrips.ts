// The benchmark figure for issue #17's "a poll costs one round trip on a reused connection": the
// time of N polls over the shared master against N polls each opening its own connection, on the
// real loopback sshd. A poll is readFrom() of an idle log at its end (what the run watcher does
// every few seconds: zero bytes come back); `true` is the bare command for comparison.
// Run alone: node --import tsx test/integration/sshRoundTrips.ts [N] → one JSON line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SshShell } from '../../extension/remote/ssh';
import { readFrom } from '../../extension/remote/transfer';
import { startSshd, type Sshd } from './sshd';

// Times are medians, and the ratios are of the fastest of each kind too: the machines these run on
// are shared, and another process's load only ever adds time, so the minimum is the cost itself.
export interface RoundTripFigure {
  n: number;
  /** Median ms of one `true` over the reused master (after the first, which opens it). */
  reusedMs: number;
  /** Median ms of one `true` over a fresh connection. */
  freshMs: number;
  /** freshMs / reusedMs (medians). */
  ratio: number;
  /** fastest fresh / fastest reused. */
  minRatio: number;
  /** The same for an idle readFrom() poll. */
  pollReusedMs: number;
  pollFreshMs: number;
  pollRatio: number;
  pollMinRatio: number;
  /** Bytes an idle poll read on the host (0). */
  idlePollBytes: number;
  /** Connections sshd authenticated for the N reused polls and N reused `true`s (1: the master). */
  reusedConnections: number;
}

interface Times {
  median: number;
  min: number;
}

async function times(n: number, once: () => Promise<unknown>): Promise<Times> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await once();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(n / 2)], min: samples[0] };
}

export async function measureRoundTrips(sshd: Sshd, n = 20): Promise<RoundTripFigure> {
  const config = sshd.clientConfig(); // its own master: nothing another test opened
  const reused = new SshShell(sshd.hostAlias, { configFile: config });
  const fresh = new SshShell(sshd.hostAlias, { configFile: config, reuseConnection: false });
  const log = join(sshd.dir, 'idle-train.log');
  writeFileSync(log, "{'loss': 1.0}\n".repeat(1000));
  try {
    await reused.run('true'); // opens the master
    const before = sshd.acceptedConnections();
    const reusedMs = await times(n, () => reused.run('true'));
    const end = (await readFrom(reused, log, 0)).nextOffset;
    let idlePollBytes = 0;
    const pollReusedMs = await times(n, async () => (idlePollBytes += (await readFrom(reused, log, end)).bytesRead));
    const reusedConnections = sshd.acceptedConnections() - before;
    const freshMs = await times(n, () => fresh.run('true'));
    const pollFreshMs = await times(n, () => readFrom(fresh, log, end));
    const r2 = (x: number) => Math.round(x * 100) / 100;
    return {
      n,
      reusedMs: r2(reusedMs.median),
      freshMs: r2(freshMs.median),
      ratio: r2(freshMs.median / reusedMs.median),
      minRatio: r2(freshMs.min / reusedMs.min),
      pollReusedMs: r2(pollReusedMs.median),
      pollFreshMs: r2(pollFreshMs.median),
      pollRatio: r2(pollFreshMs.median / pollReusedMs.median),
      pollMinRatio: r2(pollFreshMs.min / pollReusedMs.min),
      idlePollBytes,
      reusedConnections,
    };
  } finally {
    await reused.close();
  }
}

if (require.main === module) {
  void (async () => {
    const sshd = await startSshd();
    try {
      console.log(JSON.stringify(await measureRoundTrips(sshd, Number(process.argv[2] ?? 20))));
    } finally {
      await sshd.stop();
    }
  })();
}
