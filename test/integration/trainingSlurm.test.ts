// Remote training on Slurm end to end: the same run definition as over ssh, submitted with
// `--slurm` to a real single-node Slurm (slurm.ts) reached through a real sshd (sshd.ts), with the
// fake trainer on the host's PATH. The host's Slurm commands get the test cluster's SLURM_CONF
// through small wrappers in the sshd's bin folder (a real cluster has it in /etc/slurm).
// Covered: submit → queued/running → finished with the loss read as over ssh; scancel → cancelled;
// a partition that does not exist → Slurm's refusal; discovery by a fresh connection.
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { withDefaults, type RunSpec } from '../../extension/core/training/runSpec';
import { cancelRun, listRuns } from '../../extension/remote/runControl';
import { launchRun } from '../../extension/remote/runLaunch';
import { slurmCancel, slurmScheduler, slurmSubmitter } from '../../extension/remote/runSlurm';
import { RunWatch } from '../../extension/remote/runWatch';
import { SlurmError } from '../../extension/remote/slurm';
import { startSlurm, type SlurmCluster } from './slurm';
import { testShells, watchUntil } from './runWatching';
import { startSshd, type Sshd } from './sshd';

let sshd: Sshd;
let cluster: SlurmCluster;
let root: string;
let dataset: string;
const shells = testShells(() => sshd);
const shell = () => shells.open();

function spec(name: string, partition = cluster.partition): RunSpec {
  return withDefaults({ name, host: sshd.hostAlias, dataset: { path: dataset }, model: '/models/chinese-llama-7b', method: 'full', epochs: 3, slurm: { partition, nodes: 1 } });
}


before(async () => {
  cluster = await startSlurm();
  sshd = await startSshd();
  copyFileSync(join(__dirname, 'fakeTrainer', 'llamafactory-cli'), join(sshd.binDir, 'llamafactory-cli'));
  for (const tool of ['sbatch', 'squeue', 'sacct', 'scontrol', 'scancel', 'sinfo']) {
    const wrapper = join(sshd.binDir, tool);
    writeFileSync(wrapper, `#!/bin/sh\nSLURM_CONF='${cluster.env.SLURM_CONF}' exec /usr/bin/${tool} "$@"\n`);
    chmodSync(wrapper, 0o755);
  }
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

    const updates = await watchUntil(new RunWatch(s, root, run.name, 'slurm', slurmScheduler), (u) => u.state.state === 'finished' || u.state.state === 'failed', 60_000, () => cluster.logs());
    const last = updates[updates.length - 1];
    assert.equal(last.state.state, 'finished', `states ${updates.map((u) => `${u.state.state}${u.state.lost ? ' (lost)' : ''}`).join(', ')}\n${updates.map((u) => u.log).join('')}`);
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
    const run = spec('law_batch128_epoch9_vicuna', 'no-such-partition');
    await assert.rejects(launchRun(shell(), run, { root, submit: slurmSubmitter(run) }), (e: unknown) => e instanceof SlurmError && /Invalid partition/.test(e.message));
    assert.equal(existsSync(join(root, run.name, 'slurm_job')), false);
  });
});
