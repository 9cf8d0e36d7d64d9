// Remote training end to end against a real sshd on loopback (sshd.ts), with the GPU replaced by
// fakeTrainer/llamafactory-cli on the host's PATH: launch (dataset upload, skipped the second time;
// the run folder; a detached job), live progress from trainer_log.jsonl and train.log, an idle poll
// that reads no log bytes, a dropped connection mid-run, cancel (the whole process group), a failing
// trainer, discovery by a fresh connection, and hostile run names that stay data. Jobs on a trained
// run: checkpoints, merge, generate and import; a generate job cancelled mid-way (its process
// group gone, no predictions to import).
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { withDefaults, type RunSpec } from '../../extension/core/training/runSpec';
import { cancelRun, findRun, listRuns, RunControlError } from '../../extension/remote/runControl';
import { launchRun, RunLaunchError } from '../../extension/remote/runLaunch';
import { RunWatch } from '../../extension/remote/runWatch';
import { listCheckpoints, readPredictions, startJob } from '../../extension/remote/runJobs';
import { generatedModelName, jobName } from '../../extension/core/training/runJobs';
import { readAnswerFile } from '../../extension/core/review/answerImport';
import { defaultPair } from '../../extension/core/diff/defaultPair';
import { ReviewStore } from '../../extension/store/reviewStore';
import { waitFor } from './processes';
import { testShells, watchUntil } from './runWatching';
import { startSshd, type Sshd } from './sshd';

let sshd: Sshd;
let root: string;
let dataset: string;
const shells = testShells(() => sshd);
const shell = () => shells.open();

/** The fake trainer's pace and failure for the next runs. */
function knobs(k: { steps: number; step_seconds: number; fail_at?: number; exit_code?: number }): void {
  writeFileSync(join(sshd.binDir, 'fake-trainer.json'), JSON.stringify(k));
}

function spec(name: string): RunSpec {
  return withDefaults({ name, host: sshd.hostAlias, dataset: { path: dataset }, model: '/models/chinese-llama-7b', method: 'lora', lora: { rank: 256 }, epochs: 2 });
}


const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

before(async () => {
  sshd = await startSshd();
  copyFileSync(join(__dirname, 'fakeTrainer', 'llamafactory-cli'), join(sshd.binDir, 'llamafactory-cli'));
  // A root with a space and a quote: every path the runs use goes through the remote shell.
  root = join(sshd.dir, "runs root's");
  const local = mkdtempSync(join(sshd.dir, 'workspace-'));
  dataset = join(local, 'law.json');
  writeFileSync(dataset, JSON.stringify(Array.from({ length: 5 }, (_, i) => ({ instruction: `合同纠纷问题 ${i}？`, input: '', output: `建议先协商，协商不成可以起诉。${i}` }))));
});
after(async () => {
  // Runs a failed test left going: their process groups, from the pid files on "the host".
  for (const name of existsSync(root) ? readdirSync(root) : []) {
    const pid = join(root, name, 'pid');
    if (existsSync(pid)) {
      try {
        process.kill(-Number(readFileSync(pid, 'utf8')), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  await shells.closeAll();
  await sshd?.stop();
});

describe('a run over ssh', () => {
  it('launches, shows its loss growing, finishes, and an idle poll reads no log bytes', async () => {
    knobs({ steps: 12, step_seconds: 0.15 });
    const s = shell();
    const run = spec('law_batch128_epoch2_alpaca');
    const launched = await launchRun(s, run, { root });
    assert.equal(launched.name, 'law_batch128_epoch2_alpaca');
    assert.equal(launched.backend, 'ssh');
    assert.equal(launched.uploaded, true);
    assert.ok(launched.pid! > 1);

    const dir = join(root, run.name);
    assert.match(readFileSync(join(dir, 'config.yaml'), 'utf8'), /lora_rank: 256/);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'data', 'dataset_info.json'), 'utf8')).train.file_name, 'law.json');
    assert.equal(readFileSync(join(dir, 'data', 'law.json'), 'utf8'), readFileSync(dataset, 'utf8'));

    const watch = new RunWatch(s, root, run.name, 'ssh');
    const updates = await watchUntil(watch, (u) => u.state.state !== 'running' && u.state.state !== 'queued');
    const last = updates[updates.length - 1];
    assert.equal(last.state.state, 'finished');
    assert.equal(last.files.exitCode, 0);
    // The curve grew over several polls, and every step is there exactly once.
    assert.ok(updates.filter((u) => (u.added?.length ?? 0) > 0).length >= 2, 'points arrived over several polls');
    assert.deepEqual(last.points.map((p) => p.step), Array.from({ length: 12 }, (_, i) => i + 1));
    assert.ok(last.points.every((p) => typeof p.loss === 'number' && p.loss > 0));
    assert.equal(last.progress.fraction, 1);
    assert.match(updates.map((u) => u.log).join(''), /train metrics/);

    const idle = await watch.poll();
    assert.equal(idle.bytesRead, 0);
    assert.equal(idle.state.state, 'finished');
  });

  it('a second run on the same data copies nothing; a name that exists is refused', async () => {
    knobs({ steps: 2, step_seconds: 0.01 });
    const s = shell();
    const second = await launchRun(s, spec('law_batch128_epoch2_alpaca_again'), { root });
    assert.equal(second.uploaded, false);
    // Hard links (or copies) of one upload: each run keeps the bytes it trained on.
    assert.equal(readFileSync(join(root, second.name, 'data', 'law.json'), 'utf8'), readFileSync(dataset, 'utf8'));
    await assert.rejects(launchRun(s, spec('law_batch128_epoch2_alpaca'), { root }), (e: unknown) => e instanceof RunLaunchError && /already has a run named/.test(e.message));
  });

  it('survives a dropped connection mid-run: polling resumes from the last byte read', async () => {
    knobs({ steps: 16, step_seconds: 0.1 });
    const s = shell();
    const run = spec('law_batch128_epoch2_dropped');
    await launchRun(s, run, { root });
    const watch = new RunWatch(s, root, run.name, 'ssh');
    await watchUntil(watch, (u) => u.points.length >= 3);
    await s.close(); // the master connection goes away, as when the network drops
    const updates = await watchUntil(watch, (u) => u.state.state === 'finished');
    assert.deepEqual(updates[updates.length - 1].points.map((p) => p.step), Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('cancel kills the whole process group and the run reads cancelled', async () => {
    knobs({ steps: 400, step_seconds: 0.05 });
    const s = shell();
    const run = spec('law_batch128_epoch2_cancelled');
    const { pid } = await launchRun(s, run, { root });
    const watch = new RunWatch(s, root, run.name, 'ssh');
    await watchUntil(watch, (u) => u.points.length >= 2);
    assert.equal(groupAlive(pid!), true);
    const after = await cancelRun(s, root, run.name, { graceSeconds: 2 });
    assert.equal(after.state.state, 'cancelled');
    await waitFor('the process group to end', 10_000, () => !groupAlive(pid!));
    assert.ok(existsSync(join(root, run.name, 'cancelled')));
  });

  it('a failing trainer ends as failed with its exit code and its message in the log', async () => {
    knobs({ steps: 50, step_seconds: 0.02, fail_at: 4, exit_code: 3 });
    const s = shell();
    const run = spec('law_batch128_epoch2_failing');
    await launchRun(s, run, { root });
    const updates = await watchUntil(new RunWatch(s, root, run.name, 'ssh'), (u) => u.state.state !== 'running' && u.state.state !== 'queued');
    const last = updates[updates.length - 1];
    assert.equal(last.state.state, 'failed');
    assert.equal(last.files.exitCode, 3);
    assert.match(updates.map((u) => u.log).join(''), /CUDA out of memory/);
  });

  it('a fresh connection (VS Code restarted) finds every run with its state', async () => {
    const runs = await listRuns(shell(), root);
    const states = Object.fromEntries(runs.map((r) => [r.name, r.state.state]));
    assert.equal(states['law_batch128_epoch2_alpaca'], 'finished');
    assert.equal(states['law_batch128_epoch2_cancelled'], 'cancelled');
    assert.equal(states['law_batch128_epoch2_failing'], 'failed');
    const one = await findRun(shell(), root, 'law_batch128_epoch2_alpaca');
    assert.equal(one.record?.spec.lora?.rank, 256);
    assert.equal(one.record?.backend, 'ssh');
  });

  it('hostile run names reach the host as data', async () => {
    knobs({ steps: 2, step_seconds: 0.01 });
    // A run name is one folder (no '/'), so the canary is a bare name: it would land in the remote
    // home, the runs root or a run folder, the places the commands run in.
    const canary = `lexreview-pwned-${process.pid}`;
    const name = `law x'; touch ${canary}; echo '$(touch ${canary})\`touch ${canary}\`"`;
    const s = shell();
    await launchRun(s, { ...spec(name), name }, { root });
    const run = await watchUntil(new RunWatch(s, root, name, 'ssh'), (u) => u.state.state === 'finished');
    assert.equal(run[run.length - 1].files.exitCode, 0);
    assert.ok(statSync(join(root, name)).isDirectory(), 'the folder has exactly the hostile name');
    for (const dir of [homedir(), root, join(root, name)]) assert.equal(existsSync(join(dir, canary)), false, `nothing ran (${dir})`);
    assert.ok((await listRuns(s, root)).some((r) => r.name === name));
  });
});
describe('jobs on a trained run: merge an adapter, generate answers and import them', () => {
  // A root of their own, so the discovery test above sees only its runs.
  const jobsRoot = () => join(sshd.dir, "jobs root's");
  const run = 'law_batch128_epoch2_vicuna';
  const fast = { steps: 4, step_seconds: 0.02 };
  const finish = async (name: string) => {
    const updates = await watchUntil(new RunWatch(shell(), jobsRoot(), name, 'ssh'), (u) => u.state.state !== 'running' && u.state.state !== 'queued');
    return updates[updates.length - 1];
  };

  before(async () => {
    knobs(fast);
    await launchRun(shell(), { ...spec(run), template: 'vicuna' }, { root: jobsRoot() });
    assert.equal((await finish(run)).state.state, 'finished');
  });

  it('lists the checkpoints with their epochs; a job on a checkpoint the run does not have is refused, naming those it has', async () => {
    assert.deepEqual(await listCheckpoints(shell(), jobsRoot(), run), [
      { name: 'checkpoint-2', step: 2, epoch: 1 },
      { name: 'checkpoint-4', step: 4, epoch: 2 },
    ]);
    await assert.rejects(startJob(shell(), jobsRoot(), { kind: 'merge', parent: run, checkpoint: 'checkpoint-9' }), (e: unknown) => e instanceof RunLaunchError && /checkpoint-9/.test(e.message) && /checkpoint-2, checkpoint-4/.test(e.message));
  });

  it('merge runs llamafactory-cli export on the host as a job of its own, listed beside the run', async () => {
    const started = await startJob(shell(), jobsRoot(), { kind: 'merge', parent: run, checkpoint: 'checkpoint-4' });
    assert.equal(started.name, jobName(run, 'merge', 'checkpoint-4'));
    assert.equal((await finish(started.name)).state.state, 'finished');
    const merged = JSON.parse(readFileSync(join(jobsRoot(), started.name, 'merged', 'config.json'), 'utf8'));
    assert.equal(merged.merged_from, `../${run}/output/checkpoint-4`);
    const listed = await listRuns(shell(), jobsRoot());
    assert.deepEqual(listed.find((r) => r.name === started.name)?.record?.job, { kind: 'merge', parent: run, checkpoint: 'checkpoint-4' });
  });

  it("generate answers each question with a checkpoint; imported under the epoch's name, epoch 1 and 2 are the default comparison", async () => {
    const questions = [{ question: '合同违约怎么办？', reference: '协商或起诉。' }, { question: '劳动仲裁的时效是多久？' }, { question: '<b>标记</b>也是文字吗？' }];
    const db = join(sshd.dir, 'review.db');
    for (const [checkpoint, epoch, penalty] of [['checkpoint-2', 1, 1], ['checkpoint-4', 2, 1.2]] as const) {
      const started = await startJob(shell(), jobsRoot(), { kind: 'generate', parent: run, checkpoint, penalty, set: 'law16' }, { questions });
      assert.equal((await finish(started.name)).state.state, 'finished');
      const text = await readPredictions(shell(), jobsRoot(), started.name);
      const model = generatedModelName(run, epoch, penalty);
      // Brought back to the workspace as LLaMA-Factory wrote it, then read by the answer importer.
      const local = join(mkdtempSync(join(sshd.dir, 'collected-')), 'generated_predictions.jsonl');
      writeFileSync(local, text);
      const parsed = await readAnswerFile(local, { model });
      const store = ReviewStore.open(db);
      try {
        const summary = store.importAnswers(parsed.rows, { set: 'law16' });
        assert.equal(summary.rows, 3);
        assert.deepEqual(summary.modelsAdded, [model]);
      } finally {
        store.close();
      }
    }
    const store = ReviewStore.open(db);
    try {
      const snap = store.snapshot('law16');
      // The prompt's template was taken off: the questions are the set's own texts.
      assert.deepEqual(snap.questions.map((q) => q.text).sort(), questions.map((q) => q.question).sort());
      assert.ok(snap.answers.some((a) => a.text.startsWith('checkpoint-2: ')) && snap.answers.some((a) => a.text.startsWith('checkpoint-4: ')));
      assert.deepEqual(defaultPair(snap.models), { a: 'law_batch128_epoch1_penalty1_vicuna', b: 'law_batch128_epoch2_penalty1.2_vicuna', alsoDiffer: ['penalty'] });
    } finally {
      store.close();
    }
  });

  it('a generate job cancelled while it answers ends cancelled, its process group gone, with no predictions to import', async () => {
    // A second per answer: the job is surely still answering when it is cancelled.
    knobs({ ...fast, step_seconds: 1 });
    try {
      const questions = Array.from({ length: 5 }, (_, i) => ({ question: `问题 ${i}？` }));
      const s = shell();
      const started = await startJob(s, jobsRoot(), { kind: 'generate', parent: run, checkpoint: 'checkpoint-4', penalty: 1.5, set: 'law16' }, { questions });
      // The fake trainer's progress bar: the first answer is done, the others are not.
      await watchUntil(new RunWatch(s, jobsRoot(), started.name, 'ssh'), (u) => / 1\/5/.test(u.log));
      assert.equal(groupAlive(started.pid!), true);
      const after = await cancelRun(s, jobsRoot(), started.name, { graceSeconds: 2 });
      assert.equal(after.state.state, 'cancelled');
      await waitFor('the process group to end', 10_000, () => !groupAlive(started.pid!));
      // LLaMA-Factory writes the predictions once all are answered: a stopped job leaves none, and reading them says so.
      assert.equal(existsSync(join(jobsRoot(), started.name, 'output', 'generated_predictions.jsonl')), false);
      await assert.rejects(readPredictions(s, jobsRoot(), started.name), (e: unknown) => e instanceof RunControlError && /generated_predictions\.jsonl/.test(e.message));
      assert.equal((await findRun(s, jobsRoot(), started.name)).state.state, 'cancelled');
    } finally {
      knobs(fast);
    }
  });
});
