// Remote training on Slurm end to end: the same run definition as over ssh, submitted with
// `--slurm` to a real single-node Slurm (slurm.ts) reached through a real sshd (sshd.ts), with the
// fake trainer on the host's PATH. The host's Slurm commands get the test cluster's SLURM_CONF
// through small wrappers in the sshd's bin folder (a real cluster has it in /etc/slurm).
// Covered: submit → queued/running → finished with the loss read as over ssh; scancel → cancelled;
// a partition that does not exist → Slurm's refusal; discovery by a fresh connection; jobs on a
// finished LoRA run (merge, generate) submitted to Slurm as the run was (a job id in the job's
// folder, the run's partition), finished as the scheduler reads it, predictions read back.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JobQuestion, JobRecord } from '../../extension/core/training/runJobs';
import { withDefaults, type RunSpec, type RunSpecInput } from '../../extension/core/training/runSpec';
import { cancelRun, findRun, listRuns } from '../../extension/remote/runControl';
import { readPredictions, startJob } from '../../extension/remote/runJobs';
import { launchRun } from '../../extension/remote/runLaunch';
import { slurmCancel, slurmScheduler, slurmSubmitter } from '../../extension/remote/runSlurm';
import { RunWatch, type WatchUpdate } from '../../extension/remote/runWatch';
import { SlurmError } from '../../extension/remote/slurm';
import type { SshShell } from '../../extension/remote/ssh';
import { slurmOnPath, startSlurm, type SlurmCluster } from './slurm';
import { testShells, watchUntil } from './runWatching';
import { startSshd, type Sshd } from './sshd';

let sshd: Sshd;
let cluster: SlurmCluster;
let root: string;
let dataset: string;
const shells = testShells(() => sshd);
const shell = () => shells.open();

function spec(name: string, more: RunSpecInput = {}): RunSpec {
  return withDefaults({ name, host: sshd.hostAlias, dataset: { path: dataset }, model: '/models/chinese-llama-7b', method: 'full', epochs: 3, slurm: { partition: cluster.partition, nodes: 1 }, ...more });
}

/** Watches a run (or job) on Slurm until it ends, and asserts it finished (its states and log in the message if not). */
async function finished(s: SshShell, runsRoot: string, name: string): Promise<WatchUpdate> {
  const updates = await watchUntil(new RunWatch(s, runsRoot, name, 'slurm', slurmScheduler), (u) => u.state.state === 'finished' || u.state.state === 'failed', 60_000, () => cluster.logs());
  const last = updates[updates.length - 1];
  assert.equal(last.state.state, 'finished', `states ${updates.map((u) => `${u.state.state}${u.state.lost ? ' (lost)' : ''}`).join(', ')}\n${updates.map((u) => u.log).join('')}`);
  return last;
}


before(async () => {
  cluster = await startSlurm();
  sshd = await startSshd();
  copyFileSync(join(__dirname, 'fakeTrainer', 'llamafactory-cli'), join(sshd.binDir, 'llamafactory-cli'));
  slurmOnPath(cluster, sshd.binDir);
  root = join(sshd.dir, 'slurm runs');
  dataset = join(mkdtempSync(join(sshd.dir, 'ws-')), 'law.json');
  writeFileSync(dataset, JSON.stringify([{ instruction: '问题', input: '', output: '回答' }]));
});
after(async () => {
  await shells.closeAll();
  await cluster?.stop();
  await sshd?.stop();
});

describe('a run on Slurm', () => {
  it('is submitted, runs, reports its loss and finishes', async () => {
    writeFileSync(join(sshd.binDir, 'fake-trainer.json'), JSON.stringify({ steps: 8, step_seconds: 0.1 }));
    const s = shell();
    const run = spec('law_batch128_epoch3_vicuna');
    const launched = await launchRun(s, run, { root, submit: slurmSubmitter(run) });
    assert.equal(launched.backend, 'slurm');
    assert.match(launched.jobId!, /^\d+$/);
    assert.equal(readFileSync(join(root, run.name, 'slurm_job'), 'utf8').trim(), launched.jobId);
    assert.match(readFileSync(join(root, run.name, 'job.sbatch'), 'utf8'), new RegExp(`#SBATCH --partition=${cluster.partition}`));

    const last = await finished(s, root, run.name);
    assert.deepEqual(last.points.map((p) => p.step), [1, 2, 3, 4, 5, 6, 7, 8]);
    const runs = await listRuns(shell(), root, { scheduler: slurmScheduler });
    assert.deepEqual(runs.map((r) => [r.name, r.record?.backend, r.state.state]), [[run.name, 'slurm', 'finished']]);
  });

  it('is cancelled with scancel', async () => {
    writeFileSync(join(sshd.binDir, 'fake-trainer.json'), JSON.stringify({ steps: 1000, step_seconds: 0.05 }));
    const s = shell();
    const run = spec('law_batch128_epoch6_vicuna');
    await launchRun(s, run, { root, submit: slurmSubmitter(run) });
    await watchUntil(new RunWatch(s, root, run.name, 'slurm', slurmScheduler), (u) => u.points.length >= 2, 60_000, () => cluster.logs());
    const after = await cancelRun(s, root, run.name, { scheduler: slurmScheduler, scancel: slurmCancel });
    assert.equal(after.state.state, 'cancelled');
    assert.ok(existsSync(join(root, run.name, 'cancelled')));
    // The scheduler lets the job go: it no longer runs.
    const end = Date.now() + 30_000;
    while ((await slurmScheduler(s, [{ id: after.files.slurmJob!, runDir: join(root, run.name) }])).get(after.files.slurmJob!)?.state === 'running') {
      if (Date.now() > end) throw new Error('the cancelled job still runs');
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('a partition the cluster does not have is refused with Slurm’s own message', async () => {
    const run = spec('law_batch128_epoch9_vicuna', { slurm: { partition: 'no-such-partition', nodes: 1 } });
    await assert.rejects(launchRun(shell(), run, { root, submit: slurmSubmitter(run) }), (e: unknown) => e instanceof SlurmError && /Invalid partition/.test(e.message));
    assert.equal(existsSync(join(root, run.name, 'slurm_job')), false);
  });
});

describe('jobs on a Slurm run: merge an adapter and generate answers, submitted as the run was', () => {
  // A root of their own, so the listing above sees only its run.
  const jobsRoot = () => join(sshd.dir, 'slurm jobs');
  const run = 'law_batch128_epoch2_alpaca';

  before(async () => {
    writeFileSync(join(sshd.binDir, 'fake-trainer.json'), JSON.stringify({ steps: 4, step_seconds: 0.02 }));
    const lora = spec(run, { method: 'lora', epochs: 2 });
    await launchRun(shell(), lora, { root: jobsRoot(), submit: slurmSubmitter(lora) });
    await finished(shell(), jobsRoot(), run);
  });

  /** startJob on the run's root: the job must go to Slurm (its id in the job's folder, the run's partition) and finish there; resolves with its name. */
  async function onSlurm(job: JobRecord, questions?: JobQuestion[]): Promise<string> {
    const started = await startJob(shell(), jobsRoot(), job, { questions });
    assert.equal(started.backend, 'slurm');
    assert.match(started.jobId!, /^\d+$/);
    const dir = join(jobsRoot(), started.name);
    assert.equal(readFileSync(join(dir, 'slurm_job'), 'utf8').trim(), started.jobId);
    assert.match(readFileSync(join(dir, 'job.sbatch'), 'utf8'), new RegExp(`#SBATCH --partition=${cluster.partition}`));
    await finished(shell(), jobsRoot(), started.name);
    const listed = await findRun(shell(), jobsRoot(), started.name, { scheduler: slurmScheduler });
    assert.deepEqual([listed.record?.backend, listed.record?.job, listed.state.state], ['slurm', job, 'finished']);
    return started.name;
  }

  it('merge runs on Slurm and writes the merged model', async () => {
    const name = await onSlurm({ kind: 'merge', parent: run, checkpoint: 'checkpoint-4' });
    assert.equal(JSON.parse(readFileSync(join(jobsRoot(), name, 'merged', 'config.json'), 'utf8')).merged_from, `../${run}/output/checkpoint-4`);
  });

  it('generate runs on Slurm; readPredictions brings back an answer per question from the checkpoint', async () => {
    const questions = [{ question: '合同违约怎么办？', reference: '协商或起诉。' }, { question: '劳动仲裁的时效是多久？' }];
    const name = await onSlurm({ kind: 'generate', parent: run, checkpoint: 'checkpoint-2', penalty: 1.2, set: 'law16' }, questions);
    const rows = (await readPredictions(shell(), jobsRoot(), name)).trim().split('\n').map((line) => JSON.parse(line) as { prompt: string; predict: string });
    assert.equal(rows.length, questions.length);
    for (const [i, row] of rows.entries()) {
      assert.ok(row.prompt.includes(questions[i].question), row.prompt);
      assert.ok(row.predict.startsWith('checkpoint-2: '), row.predict);
    }
  });
});
