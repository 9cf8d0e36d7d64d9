// The Training Runs view's rows: each state's label, icon and colour, what a running run's row says
// of its progress, the order (active first, newest first), hosts' counts and an unreachable host's
// message as its only child; and the texts the CLI shares (state labels, the trainable share line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { english } from '../../extension/core/l10n';
import type { JobRecord, RunFiles, RunStateDetail } from '../../extension/core/training/runFolder';
import { withDefaults } from '../../extension/core/training/runSpec';
import { durationText, shareText, stateDetail, stateText } from '../../extension/core/training/runText';
import { trainableShare } from '../../extension/core/training/trainableShare';
import { emptyItem, errorItem, hostItem, nestJobs, runItem, runSummaryText, sortRuns } from '../../extension/features/trainingRuns/runsPresentation';
import type { RunSummary } from '../../extension/remote/runControl';

const t = english;

function run(name: string, state: RunStateDetail, opts: { createdAt?: string; files?: Partial<RunFiles>; backend?: 'ssh' | 'slurm'; record?: false; job?: JobRecord } = {}): RunSummary {
  const spec = withDefaults({ name, host: 'gpu1', dataset: { path: '/data/law.json' }, model: '/models/llama-7b', method: 'lora', lora: { rank: 256 }, epochs: 3 });
  return {
    name,
    host: 'gpu1',
    record: opts.record === false ? undefined : { spec, backend: opts.backend ?? 'ssh', createdAt: opts.createdAt ?? '2026-01-01T00:00:00Z', ...(opts.job ? { job: opts.job } : {}) },
    files: { name, exists: true, cancelled: state.state === 'cancelled', sizes: {}, pid: 4242, ...opts.files },
    state,
  };
}

test('each state has its label, theme icon and colour, and only queued and running runs can be cancelled', () => {
  const looks = (['queued', 'running', 'finished', 'failed', 'cancelled'] as const).map((s) => runItem(t, run('r', { state: s })));
  assert.deepEqual(looks.map((l) => [l.icon, l.color, l.contextValue, l.description.split(' · ')[0]]), [
    ['clock', 'charts.yellow', 'trainingRun.active', 'queued'],
    ['sync~spin', 'charts.blue', 'trainingRun.active', 'running'],
    ['pass', 'testing.iconPassed', 'trainingRun.ended', 'finished'],
    ['error', 'testing.iconFailed', 'trainingRun.ended', 'failed'],
    ['circle-slash', 'disabledForeground', 'trainingRun.ended', 'cancelled'],
  ]);
  assert.equal(looks[0].label, 'r');
});

test('a running row says method, framework, progress and ETA; the live state wins over the listing', () => {
  const r = run('law_batch128_epoch3_alpaca', { state: 'running' });
  const look = runItem(t, r, { state: { state: 'running' }, progress: { step: 120, totalSteps: 400, fraction: 0.3, etaSeconds: 3723 } });
  assert.equal(look.description, 'running · lora · llamafactory · 30 % · ETA 1:02:03');
  assert.match(look.ariaLabel, /^Run law_batch128_epoch3_alpaca, running, lora, llamafactory, 30 %, ETA 1:02:03$/);
  const ended = runItem(t, r, { state: { state: 'cancelled' }, progress: { fraction: 0.5 } });
  assert.equal(ended.description, 'cancelled · lora · llamafactory', 'no progress once it ended');
  assert.equal(ended.contextValue, 'trainingRun.ended');
});

test('the tooltip says host, state, the spec, the backend and when it was made; failures say why', () => {
  const failed = runItem(t, run('r', { state: 'failed' }, { files: { exitCode: 3 } }));
  assert.equal(failed.description, 'failed (exit 3) · lora · llamafactory');
  const lines = failed.tooltip.split('\n');
  assert.deepEqual(lines.slice(0, 3), ['r', 'Host: gpu1', 'State: failed (exit 3)']);
  assert.ok(lines.includes('lora · llamafactory · 3 epochs · global batch 128'));
  assert.ok(lines.includes('Base model: /models/llama-7b'));
  assert.ok(lines.includes('LoRA rank 256, alpha 512'));
  assert.ok(lines.includes('Started over ssh (process group 4242)'));
  assert.ok(lines.includes('Created 2026-01-01T00:00:00Z'));
  assert.equal(runItem(t, run('r', { state: 'failed', lost: true })).description, 'failed (the process ended without an exit code) · lora · llamafactory');
  const damaged = runItem(t, run('r', { state: 'failed' }, { record: false }));
  assert.equal(damaged.description, 'failed (run.json unreadable)');
  const slurm = runItem(t, run('r', { state: 'queued' }, { backend: 'slurm', files: { slurmJob: '17' } }));
  assert.ok(slurm.tooltip.split('\n').includes('Slurm job 17'));
});

test('runs are ordered running, queued, failed, finished, cancelled, newest first within a state', () => {
  const runs = [
    run('old-done', { state: 'finished' }, { createdAt: '2026-01-01T00:00:00Z' }),
    run('new-done', { state: 'finished' }, { createdAt: '2026-01-03T00:00:00Z' }),
    run('gone', { state: 'cancelled' }),
    run('waiting', { state: 'queued' }),
    run('broken', { state: 'failed' }),
    run('going', { state: 'running' }),
  ];
  assert.deepEqual(sortRuns(runs).map((r) => r.name), ['going', 'waiting', 'broken', 'new-done', 'old-done', 'gone']);
  // A run the tracker saw end moves down without a new listing.
  const live = (r: RunSummary) => (r.name === 'going' ? { state: { state: 'cancelled' as const }, progress: {} } : undefined);
  assert.deepEqual(sortRuns(runs, live).map((r) => r.name), ['waiting', 'broken', 'new-done', 'old-done', 'going', 'gone']);
});

test("jobs sit under their run, named by what follows the run's name, saying what they do; the run-only commands are not on their menu", () => {
  const generate: JobRecord = { kind: 'generate', parent: 'law_e2', checkpoint: 'checkpoint-2', penalty: 1.2, set: 'law16' };
  const runs = [
    run('law_e2', { state: 'finished' }),
    run('law_e2~generate-checkpoint-2-penalty-1.2', { state: 'running' }, { job: generate }),
    run('law_e2~merge-checkpoint-4', { state: 'finished' }, { job: { kind: 'merge', parent: 'law_e2', checkpoint: 'checkpoint-4' } }),
    run('other', { state: 'queued' }),
    // Its run's folder was removed: the job stays in sight, at the top.
    run('gone~merge-checkpoint-1', { state: 'failed' }, { job: { kind: 'merge', parent: 'gone', checkpoint: 'checkpoint-1' } }),
  ];
  const { top, jobsOf } = nestJobs(runs);
  assert.deepEqual(top.map((r) => r.name), ['law_e2', 'other', 'gone~merge-checkpoint-1']);
  assert.deepEqual([...jobsOf].map(([parent, jobs]) => [parent, jobs.map((j) => j.name)]), [['law_e2', ['law_e2~generate-checkpoint-2-penalty-1.2', 'law_e2~merge-checkpoint-4']]]);
  const row = runItem(t, runs[1], { state: { state: 'running' }, progress: { fraction: 0.5 } });
  assert.equal(row.label, 'generate-checkpoint-2-penalty-1.2');
  assert.equal(row.description, 'running · generate answers · checkpoint-2 · penalty 1.2 · set law16 · 50 %');
  assert.equal(row.contextValue, 'trainingRun.active.job');
  assert.ok(row.tooltip.split('\n').includes('A job on run law_e2: generate answers · checkpoint-2 · penalty 1.2 · set law16'));
  assert.equal(row.ariaLabel, 'Job generate-checkpoint-2-penalty-1.2 of run law_e2, running, generate answers · checkpoint-2 · penalty 1.2 · set law16, 50 %');
  const merged = runItem(t, runs[2]);
  assert.deepEqual([merged.label, merged.description, merged.contextValue], ['merge-checkpoint-4', 'finished · merge adapter · checkpoint-4', 'trainingRun.ended.job']);
  assert.equal(runItem(t, runs[4]).label, 'merge-checkpoint-1', 'an orphan is named the same way');
  // package.json's menus: Merge Adapter… and Generate Answers… match runs, not jobs; Cancel matches both.
  const menus = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, Array<{ command: string; when: string }>> } }).contributes.menus['view/item/context'];
  const offers = (command: string, contextValue: string) =>
    menus.filter((m) => m.command === command).some((m) => new RegExp(/viewItem =~ \/(.*)\/$/.exec(m.when)?.[1] ?? '^$').test(contextValue) || m.when.endsWith(`viewItem == ${contextValue}`));
  for (const command of ['lexreview.generateAnswers', 'lexreview.mergeAdapter']) {
    assert.ok(offers(command, 'trainingRun.ended') && offers(command, 'trainingRun.active'), `${command} on a run`);
    assert.ok(!offers(command, 'trainingRun.ended.job') && !offers(command, 'trainingRun.active.job'), `${command} not on a job`);
  }
  assert.ok(offers('lexreview.cancelTrainingRun', 'trainingRun.active.job') && !offers('lexreview.cancelTrainingRun', 'trainingRun.ended.job'));
});

test('a host counts its runs by state; an unreachable one says so and shows the message as its row', () => {
  const runs = [run('a', { state: 'running' }), run('b', { state: 'finished' }), run('c', { state: 'finished' })];
  const host = hostItem(t, 'gpu1', { runs });
  assert.equal(host.description, '1 running · 2 finished');
  assert.equal(host.icon, 'server');
  assert.equal(host.ariaLabel, 'Host gpu1, 1 running · 2 finished');
  assert.equal(hostItem(t, 'gpu1', { runs: [] }).description, 'no runs');
  assert.equal(hostItem(t, 'gpu1', undefined).description, '', 'not listed yet');
  const message = "Cannot connect to gpu1: the host key is not known. Connect once in a terminal (ssh gpu1) to check and accept it (SHA256:abc).";
  const down = hostItem(t, 'gpu1', { error: message });
  assert.deepEqual([down.description, down.icon, down.tooltip], ['cannot be reached', 'warning', message]);
  const row = errorItem(message);
  assert.deepEqual([row.label, row.icon, row.color, row.contextValue], [message, 'error', 'errorForeground', 'trainingHostError']);
  assert.equal(emptyItem(t, '~/lexreview-runs').label, 'No runs in ~/lexreview-runs');
});

test('the words the CLI shares: state labels, why a run failed, the trainable share, durations', () => {
  assert.deepEqual((['queued', 'running', 'finished', 'failed', 'cancelled'] as const).map((s) => stateText(t, s)), ['queued', 'running', 'finished', 'failed', 'cancelled']);
  assert.equal(stateDetail(t, { state: 'failed' }, 3), 'exit 3');
  assert.equal(stateDetail(t, { state: 'finished' }, 0), undefined);
  assert.equal(stateDetail(t, { state: 'failed', lost: true }, undefined), 'the process ended without an exit code');
  // LLaMA-7B with LoRA rank 256 on every linear layer (the team's Chinese-LLaMA-Plus, with its larger vocabulary, gave 8.5 %).
  const llama = { hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 32, vocab_size: 32000, tie_word_embeddings: false };
  const lora = withDefaults({ method: 'lora', lora: { rank: 256 } });
  assert.equal(shareText(t, lora, trainableShare(llama, lora)!), 'LoRA rank 256 on all linear layers: 8.7 % of 6.74 B parameters trainable.');
  const full = withDefaults({ method: 'full' });
  assert.equal(shareText(t, full, trainableShare(llama, full)!), 'Full fine-tuning: all 6.74 B parameters are trained.');
  assert.deepEqual([durationText(59.6), durationText(61), durationText(3723), durationText(-5)], ['1:00', '1:01', '1:02:03', '0:00']);
  assert.equal(runSummaryText(t, run('r', { state: 'running' })), 'lora · llamafactory · 3 epochs · global batch 128');
});
