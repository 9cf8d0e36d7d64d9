// The report and queue CLI adapters over a snapshot built here (the integrator wires the real
// store's loader): argument parsing, formats, exit codes, usage errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';

import { syntheticSnapshot } from '../../bench/reviewSnapshot';
import { UsageError } from '../../extension/cli/args';
import { runQueueWith } from '../../extension/cli/queueCommand';
import { runReportWith, type SnapshotLoader } from '../../extension/cli/reportCommand';
import type { ReviewSnapshot } from '../../extension/core/review/types';

const snapshot = syntheticSnapshot({ questions: 30, models: 3, reviewers: 2, seed: 9, reviewedShare: 0.4 });

/** A loader that records what it was asked for. */
function loader(snap: ReviewSnapshot = snapshot): SnapshotLoader & { calls: Array<{ set: string; db?: string }> } {
  const calls: Array<{ set: string; db?: string }> = [];
  const load = ((set: string, options: { db?: string }) => {
    calls.push({ set, db: options.db });
    if (set !== snap.set) throw new Error(`no evaluation set '${set}'`);
    return snap;
  }) as SnapshotLoader & { calls: typeof calls };
  load.calls = calls;
  return load;
}

/** Runs a command with stdout and stderr captured. */
async function run(f: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const write = process.stdout.write;
  const error = console.error;
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  console.error = (...args: unknown[]) => void (stderr += args.join(' ') + '\n');
  try {
    return { code: await f(), stdout, stderr };
  } finally {
    process.stdout.write = write;
    console.error = error;
  }
}

const signal = new AbortController().signal;

describe('runReportWith', () => {
  it('prints Markdown by default, JSON and CSV on request, from the set and --db it was given', async () => {
    const load = loader();
    const md = await run(() => runReportWith(load, ['--set', snapshot.set, '--db', '/tmp/x.db'], signal));
    assert.equal(md.code, 0);
    assert.match(md.stdout, /^# Evaluation report: synthetic-30x3/);
    assert.deepEqual(load.calls, [{ set: snapshot.set, db: '/tmp/x.db' }]);
    const json = JSON.parse((await run(() => runReportWith(load, ['--set', snapshot.set, '--format', 'json'], signal))).stdout);
    assert.equal(json.baseline, 'chatglm-6b');
    assert.equal(json.models.length, 2);
    const csv = parse((await run(() => runReportWith(load, ['--set', snapshot.set, '--format', 'csv'], signal))).stdout, { columns: true }) as Array<{ scope: string }>;
    assert.equal(csv.filter((r) => r.scope !== 'detector').length, 2 * 3);
    assert.ok(csv.some((r) => r.scope === 'detector'), 'the synthetic set has detector flags: their precision rows follow');
  });
  it('--baseline picks another baseline; an unknown one is a usage error naming the models', async () => {
    const other = snapshot.models[1].name;
    const json = JSON.parse((await run(() => runReportWith(loader(), ['--set', snapshot.set, '--format', 'json', '--baseline', other], signal))).stdout);
    assert.equal(json.baseline, other);
    // The snapshot's judgments are all against chatglm-6b: against another baseline nothing is judged.
    assert.equal(json.models[0].judge_pct, null);
    await assert.rejects(runReportWith(loader(), ['--set', snapshot.set, '--baseline', 'gpt-4'], signal), (e: Error) => e instanceof UsageError && /No model 'gpt-4'.*chatglm-6b/.test(e.message));
  });
  it('usage errors: no --set, a bad --format or --seed, a positional, an unknown option', async () => {
    for (const argv of [[], ['--set', 'x', '--format', 'pdf'], ['--set', 'x', '--seed', '-1'], ['extra', '--set', 'x'], ['--set', 'x', '--bogus']]) {
      await assert.rejects(runReportWith(loader(), argv, signal), UsageError, argv.join(' '));
    }
  });
  it('a set with only the baseline exits 1 and says so; an unknown set is the loader’s error', async () => {
    const lonely = { ...snapshot, models: snapshot.models.slice(0, 1) };
    const r = await run(() => runReportWith(loader(lonely), ['--set', snapshot.set], signal));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no model besides the baseline/);
    await assert.rejects(runReportWith(loader(), ['--set', 'missing'], signal), /no evaluation set 'missing'/);
  });
  it('is cancelled by the signal', async () => {
    const c = new AbortController();
    c.abort();
    await assert.rejects(runReportWith(loader(), ['--set', snapshot.set], c.signal), { name: 'CancelledError' });
  });
});

describe('runQueueWith', () => {
  it('prints the first --limit items with their reasons, and how many there are', async () => {
    const r = await run(() => runQueueWith(loader(), ['--set', snapshot.set, '--limit', '3'], signal));
    assert.equal(r.code, 0);
    const items = r.stdout.trimEnd().split('\n').filter((l) => /^\s+\d+\. /.test(l));
    assert.equal(items.length, 3);
    assert.match(r.stdout, /^ {2}1\. q\d+ {2}law_\S+ {2}answer \d+ {2}priority \d+\.\d/);
    assert.match(r.stderr, /3 of \d+ answers shown \(mode doubt\)/);
  });
  it('--model, --mode, --reviewer and --json', async () => {
    const model = snapshot.models[2].name;
    const r = await run(() => runQueueWith(loader(), ['--set', snapshot.set, '--model', model, '--mode', 'order', '--json', '--limit', '100'], signal));
    const items = JSON.parse(r.stdout);
    assert.equal(items.length, 30);
    assert.ok(items.every((i: { model: string }) => i.model === model));
    assert.deepEqual(items.map((i: { questionKey: string }) => i.questionKey), snapshot.questions.map((q) => q.key));
    const mine = JSON.parse((await run(() => runQueueWith(loader(), ['--set', snapshot.set, '--reviewer', 'reviewer1', '--json', '--limit', '1000'], signal))).stdout);
    const doneByReviewer1 = new Set(snapshot.reviews.filter((x) => x.reviewer === 'reviewer1').map((x) => x.answerId));
    assert.ok(mine.length > 0 && mine.every((i: { answerId: number }) => !doneByReviewer1.has(i.answerId)));
  });
  it('usage errors: bad --limit or --mode, the baseline as --model', async () => {
    for (const argv of [['--set', snapshot.set, '--limit', '0'], ['--set', snapshot.set, '--mode', 'random'], ['--set', snapshot.set, '--model', 'chatglm-6b']]) {
      await assert.rejects(runQueueWith(loader(), argv, signal), UsageError, argv.join(' '));
    }
  });
});
