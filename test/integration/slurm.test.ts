// The Slurm backend against a real single-node Slurm (test/integration/slurm.ts), driven through a
// RemoteShell that runs bash locally — the same command lines ssh would carry. Each test writes a
// run folder as LexReview lays it out (command.sh + job.sbatch from sbatchScript), submits it and
// watches it through jobStates until the scheduler is done with it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellCommand } from '../../extension/core/training/shellQuote';
import { cancel, jobStates, sbatchScript, submit, SlurmError, type SlurmJobState, type SlurmResources } from '../../extension/remote/slurm';
import { jobStatesCommand } from '../../extension/remote/slurmState';
import { LocalShell } from './localShell';
import { startSlurm, type SlurmCluster } from './slurm';

let cluster: SlurmCluster;
let shell: LocalShell;
let root: string;

before(async () => {
  const started = Date.now();
  cluster = await startSlurm();
  console.log(`# Slurm up in ${Date.now() - started} ms`);
  root = mkdtempSync(join(tmpdir(), 'lexreview-slurm-runs-'));
  shell = new LocalShell({ env: cluster.env, cwd: root });
});

after(async () => {
  await cluster?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A run folder with `command` as command.sh and job.sbatch for it. */
function runFolder(name: string, command: string, resources: SlurmResources = {}, jobName = name): string {
  const runDir = join(root, name);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, 'command.sh'), command);
  writeFileSync(join(runDir, 'job.sbatch'), sbatchScript({ jobName, runDir, ...resources }));
  return runDir;
}

async function until<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}\n${cluster.logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const stateOf = async (id: string, runDir?: string): Promise<SlurmJobState> => (await jobStates(shell, [{ id, runDir }])).get(id)!;
const ended = (s: SlurmJobState) => s.state === 'finished' || s.state === 'failed' || s.state === 'cancelled';
const read = (runDir: string, file: string) => readFileSync(join(runDir, file), 'utf8');

test('a job that writes lines and exits 0 goes queued/running → finished; train.log has its lines, exit_code is 0', async () => {
  // command.sh waits for `go`, so the test sees it running before it lets it finish.
  const runDir = runFolder('ok', 'echo "line one"\necho "{\'loss\': 1.25, \'epoch\': 0.5}"\nwhile [ ! -e go ]; do sleep 0.05; done\necho "line three" >&2\n');
  const id = await submit(shell, runDir);
  assert.match(id, /^\d+$/);
  assert.equal(read(runDir, 'slurm_job'), `${id}\n`);
  const first = await stateOf(id, runDir);
  assert.ok(first.state === 'queued' || first.state === 'running', JSON.stringify(first));
  const running = await until('the job to run', () => stateOf(id, runDir), (s) => s.state === 'running');
  assert.equal(running.slurmState, 'RUNNING');
  assert.equal(running.exitCode, undefined);
  // Polling a live run asks squeue only: accounting (slurmdbd on a real cluster) is not bothered.
  const reply = (await shell.run(jobStatesCommand([{ id, runDir }]))).stdout.toString();
  assert.match(reply, new RegExp(`^${id}\\|RUNNING\\|`, 'm'));
  assert.doesNotMatch(reply, /@lexreview (sacct|scontrol)/);
  await until('its first lines in train.log', async () => (existsSync(join(runDir, 'train.log')) ? read(runDir, 'train.log') : ''), (t) => t.includes('epoch'));
  writeFileSync(join(runDir, 'go'), '');
  const done = await until('the job to end', () => stateOf(id, runDir), ended);
  assert.deepEqual({ state: done.state, exitCode: done.exitCode }, { state: 'finished', exitCode: 0 });
  assert.equal(read(runDir, 'train.log'), "line one\n{'loss': 1.25, 'epoch': 0.5}\nline three\n");
  assert.equal(read(runDir, 'exit_code'), '0\n');
  assert.ok(!existsSync(join(runDir, 'exit_code.tmp')));
});

test('jobStates asks about several jobs in one round trip', async () => {
  const a = runFolder('many-a', 'exit 0\n');
  const b = runFolder('many-b', 'exit 3\n');
  const ids = [await submit(shell, a), await submit(shell, b)];
  await until('both to end', () => jobStates(shell, [{ id: ids[0], runDir: a }, { id: ids[1], runDir: b }]), (m) => [...m.values()].every(ended));
  const before = shell.commands.length;
  const states = await jobStates(shell, [{ id: ids[0], runDir: a }, { id: ids[1], runDir: b }, { id: '999999' }]);
  assert.equal(shell.commands.length - before, 1);
  assert.deepEqual(
    [...states.values()].map((s) => [s.state, s.exitCode]),
    [['finished', 0], ['failed', 3], ['unknown', undefined]],
  );
});

test('a failing job → failed, with its exit code from the run folder and from Slurm', async () => {
  const runDir = runFolder('bad', 'echo "Traceback: CUDA out of memory" >&2\nexit 7\n');
  const id = await submit(shell, runDir);
  const done = await until('the job to end', () => stateOf(id, runDir), ended);
  assert.deepEqual({ state: done.state, slurmState: done.slurmState, exitCode: done.exitCode }, { state: 'failed', slurmState: 'FAILED', exitCode: 7 });
  assert.equal(read(runDir, 'exit_code'), '7\n');
  assert.match(read(runDir, 'train.log'), /CUDA out of memory/);
  // Without the run folder, Slurm's own ExitCode (scontrol here: no accounting on this cluster) says the same.
  assert.equal((await stateOf(id)).exitCode, 7);
});

test('scancel of a running job → cancelled, the cancelled marker is written and its processes are gone', async () => {
  const runDir = runFolder('long', 'echo $$ > trainer.pid\nsleep 300 &\necho $! > child.pid\nwait\n');
  const id = await submit(shell, runDir);
  await until('the job to run', () => stateOf(id, runDir), (s) => s.state === 'running');
  await until('its pids', async () => existsSync(join(runDir, 'child.pid')) && read(runDir, 'child.pid').trim() !== '', Boolean);
  const pids = [read(runDir, 'trainer.pid'), read(runDir, 'child.pid')].map((p) => Number(p.trim()));
  for (const pid of pids) process.kill(pid, 0); // alive now
  await cancel(shell, id, runDir);
  assert.ok(existsSync(join(runDir, 'cancelled')));
  const done = await until('the job to be cancelled', () => stateOf(id, runDir), ended);
  assert.deepEqual({ state: done.state, slurmState: done.slurmState }, { state: 'cancelled', slurmState: 'CANCELLED' });
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  await until('the processes to be gone', async () => pids.filter(alive), (left) => left.length === 0, 15_000);
});

test('a partition that does not exist: a clear error with Slurm’s reason, no slurm_job written', async () => {
  const runDir = runFolder('nopart', 'true\n', { partition: 'no-such-partition' });
  const error = await submit(shell, runDir).then(
    () => assert.fail('submitted'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof SlurmError, String(error));
  assert.equal(error.kind, 'refused');
  assert.match(error.message, /^Slurm on localhost refused the job: .*Invalid partition name specified/);
  assert.ok(!existsSync(join(runDir, 'slurm_job')));
});

test('GPUs the node does not have: refused with Slurm’s reason', async () => {
  const runDir = runFolder('nogpu', 'true\n', { gpus: 2 });
  await assert.rejects(submit(shell, runDir), (e: unknown) => e instanceof SlurmError && e.kind === 'refused' && /Invalid generic resource/i.test(e.message));
});

test('a host without Slurm: "has no Slurm" for submit, jobStates and cancel', async () => {
  const runDir = runFolder('noslurm', 'true\n');
  const empty = mkdtempSync(join(tmpdir(), 'lexreview-empty-path-'));
  try {
    const bare = new LocalShell({ env: { PATH: empty }, cwd: root, host: 'gpu-box' });
    const noSlurm = (e: unknown) => e instanceof SlurmError && e.kind === 'no-slurm' && e.message === 'gpu-box has no Slurm: sbatch, squeue and scancel are not on its PATH.';
    await assert.rejects(submit(bare, runDir), noSlurm);
    await assert.rejects(jobStates(bare, [{ id: '1' }]), noSlurm);
    await assert.rejects(cancel(bare, '1'), noSlurm);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('a missing run folder or job.sbatch: missing-run, nothing submitted', async () => {
  await assert.rejects(submit(shell, join(root, 'does-not-exist')), (e: unknown) => e instanceof SlurmError && e.kind === 'missing-run');
});

test('hostile job names and run folder paths stay data: the job runs where it should, named as written, and nothing else runs', async () => {
  const canary = join(root, 'PWNED');
  const hostile = `we ird $(touch ${canary}) 'q' "dq" \`touch ${canary}2\`; touch ${canary}3 #%j %x end`;
  // A job name may hold a backslash too; a path may not (slurmd would drop it: sbatchScript refuses it).
  const runDir = runFolder(hostile, 'pwd\necho ok\n', { timeLimit: '10' }, `${hostile} \\ "$HOME"`);
  const id = await submit(shell, runDir);
  const done = await until('the job to end', () => stateOf(id, runDir), ended);
  assert.deepEqual({ state: done.state, exitCode: done.exitCode }, { state: 'finished', exitCode: 0 });
  assert.equal(read(runDir, 'train.log'), `${runDir}\nok\n`);
  assert.equal(read(runDir, 'exit_code'), '0\n');
  assert.equal(read(runDir, 'slurm_job'), `${id}\n`);
  const name = await shell.run(shellCommand(['squeue', '-h', '-t', 'all', '-j', id, '-o', '%j']));
  assert.equal(name.stdout.toString(), `${hostile} \\ "$HOME"\n`);
  assert.deepEqual(readdirSync(root).filter((f) => f.startsWith('PWNED')), []);
  await cancel(shell, id, runDir); // cancelling an ended job is harmless; the marker lands in the hostile folder
  assert.ok(existsSync(join(runDir, 'cancelled')));
});

test('the command lines are plain POSIX sh: a host whose login shell is dash submits, watches and cancels the same way', async () => {
  const dash = new LocalShell({ env: cluster.env, cwd: root, shell: '/bin/sh' });
  const runDir = runFolder("dash's run", 'echo $$ > trainer.pid\nexec sleep 300\n');
  const id = await submit(dash, runDir);
  await until('the job to run', () => jobStates(dash, [{ id, runDir }]), (m) => m.get(id)!.state === 'running');
  await cancel(dash, id, runDir);
  const done = await until('the job to be cancelled', async () => (await jobStates(dash, [{ id, runDir }])).get(id)!, ended);
  assert.equal(done.state, 'cancelled');
});
