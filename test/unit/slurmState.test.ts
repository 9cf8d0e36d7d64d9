// Reading where Slurm jobs are. The replies in test/unit/fixtures/slurm were printed by a real Slurm
// (Debian slurm-wlm 22.05, the integration harness; regenerate with test/integration/slurmFixtures.ts)
// for jobs in every state one node without slurmdbd reaches. sacct-accounting.txt is the one
// exception: no slurmdbd here, so it is written by hand in the `sacct -n -P -X -o JobID,State,ExitCode`
// format of sacct(1), for clusters that keep accounting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SlurmError } from '../../extension/remote/slurmError';
import { jobStatesCommand, parseExitCode, parseJobStates, parseSacct, parseScontrol, parseSqueue, runStateOf, type JobQuery } from '../../extension/remote/slurmState';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'slurm', name), 'utf8');
const names = JSON.parse(fixture('jobs.json')) as Record<string, string>;
const jobs: JobQuery[] = Object.entries(names).map(([id, name]) => ({ id, runDir: `/runs/${name}` }));

test('the reply of a real Slurm: every job in its state, with its exit code and why it waits', () => {
  const states = parseJobStates('gpu-box', jobs, 0, fixture('jobStates-reply.txt'));
  const byName = Object.fromEntries([...states.values()].map((s) => [names[s.id], [s.state, s.slurmState, s.reason, s.exitCode, s.source]]));
  assert.deepEqual(byName, {
    completed: ['finished', 'COMPLETED', undefined, 0, 'squeue'],
    failed: ['failed', 'FAILED', 'NonZeroExitCode', 7, 'squeue'],
    // Killed by SIGTERM: 143 either way — from exit_code when the job's bash outlived command.sh long
    // enough to write it (a race the signal may win or lose), else from Slurm's ExitCode 0:15.
    timeout: ['failed', 'TIMEOUT', 'TimeLimit', 143, 'squeue'],
    cancelled: ['cancelled', 'CANCELLED', undefined, 143, 'squeue'],
    suspended: ['queued', 'SUSPENDED', undefined, undefined, 'squeue'],
    running: ['running', 'RUNNING', undefined, undefined, 'squeue'],
    waiting: ['queued', 'PENDING', 'Resources', undefined, 'squeue'],
    held: ['queued', 'PENDING', 'JobHeldUser', undefined, 'squeue'],
  });
});

test('a controller that does not answer is an error, never "no such jobs"', () => {
  assert.throws(
    () => parseJobStates('gpu-box', jobs, 0, fixture('jobStates-no-controller.txt')),
    (e: unknown) => e instanceof SlurmError && e.kind === 'unavailable' && e.message === 'Slurm on gpu-box did not answer: Unable to contact slurm controller (connect failure)',
  );
});

test('a job Slurm has forgotten: unknown, unless its run folder has an exit_code', () => {
  const reply = [
    '@lexreview squeue',
    fixture('squeue-unknown-id.txt').trimEnd(),
    '@lexreview status 1',
    '@lexreview sacct',
    fixture('sacct-no-accounting.txt').trimEnd(),
    '@lexreview status 1',
    '@lexreview scontrol',
    'slurm_load_jobs error: Invalid job id specified',
    'slurm_load_jobs error: Invalid job id specified',
    '@lexreview exit_code 41',
    '3',
    '',
    '@lexreview exit_code 42',
    '',
  ].join('\n');
  const states = parseJobStates('gpu-box', [{ id: '41', runDir: '/runs/a' }, { id: '42', runDir: '/runs/b' }], 0, reply);
  assert.deepEqual(states.get('41'), { id: '41', state: 'failed', exitCode: 3, source: 'exit_code' });
  assert.deepEqual(states.get('42'), { id: '42', state: 'unknown', source: 'none' });
});

test('sacct, on a cluster that keeps accounting, answers for jobs the controller forgot', () => {
  const sacct = parseSacct(fixture('sacct-accounting.txt'));
  assert.deepEqual(
    [...sacct].map(([id, k]) => [id, runStateOf(k.slurmState), k.exitCode]),
    [
      ['11', 'finished', 0],
      ['12', 'cancelled', 143],
      ['13', 'failed', 253],
      ['14', 'failed', 1],
      ['15', 'failed', 143],
      ['16', 'running', 0],
      ['17', 'queued', 0],
      ['18_3', 'failed', 143],
    ],
  );
  assert.equal(parseSacct(fixture('sacct-no-accounting.txt')).size, 0);
  const reply = ['@lexreview squeue', '@lexreview status 0', '@lexreview sacct', fixture('sacct-accounting.txt').trimEnd(), '@lexreview status 0'].join('\n');
  const states = parseJobStates('gpu-box', [{ id: '12' }, { id: '16' }], 0, reply);
  assert.deepEqual(states.get('12'), { id: '12', state: 'cancelled', slurmState: 'CANCELLED', reason: undefined, exitCode: 143, source: 'sacct' });
  // Still running: no exit code yet, even though sacct writes 0:0.
  assert.equal(states.get('16')!.exitCode, undefined);
});

test('squeue and scontrol lines parse the same states; a hostile job name cannot fake its state', () => {
  const squeue = parseSqueue(fixture('squeue.txt'));
  const scontrol = parseScontrol(fixture('scontrol.txt'));
  assert.equal(squeue.size, 8);
  assert.deepEqual([...squeue].map(([id, k]) => [id, k.slurmState]).sort(), [...scontrol].map(([id, k]) => [id, k.slurmState]).sort());
  const line = fixture('scontrol.txt').split('\n').find((l) => l.startsWith('JobId=6 '))!;
  const forged = line.replace('JobName=running', 'JobName=x JobState=COMPLETED Reason=None ExitCode=0:0 y');
  assert.deepEqual(parseScontrol(forged).get('6'), { slurmState: 'RUNNING', reason: undefined, exitCode: 0 });
});

test('every Slurm state maps to a run state', () => {
  const expected: Record<string, string> = {
    PENDING: 'queued', CONFIGURING: 'queued', REQUEUED: 'queued', SUSPENDED: 'queued',
    RUNNING: 'running', COMPLETING: 'running',
    COMPLETED: 'finished',
    FAILED: 'failed', TIMEOUT: 'failed', OUT_OF_MEMORY: 'failed', NODE_FAIL: 'failed', PREEMPTED: 'failed', BOOT_FAIL: 'failed', DEADLINE: 'failed',
    CANCELLED: 'cancelled', 'CANCELLED by 1000': 'cancelled',
  };
  for (const [slurm, run] of Object.entries(expected)) assert.equal(runStateOf(slurm), run, slurm);
  assert.equal(runStateOf('SOMETHING_NEW'), undefined);
  assert.equal(parseExitCode('7:0'), 7);
  assert.equal(parseExitCode('0:9'), 137);
  assert.equal(parseExitCode('n/a'), undefined);
});

test('the command refuses anything but job ids, and quotes run folders', () => {
  assert.throws(() => jobStatesCommand([{ id: '1;reboot' }]), /Not a Slurm job id/);
  assert.throws(() => jobStatesCommand([{ id: '$(id)' }]));
  const command = jobStatesCommand([{ id: '12', runDir: "/runs/it's $(here)" }]);
  assert.ok(command.includes(`cat '/runs/it'\\''s $(here)/exit_code'`), command);
});
