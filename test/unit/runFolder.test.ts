// The run folder's shell snippets run for real: each generated command goes to a local `bash -c`
// in a temp ROOT (what ssh would hand the remote shell), against a command.sh made by commandScript
// from a custom template. Launch, status, cancel (the whole process group, a TERM-ignoring child
// included), failure, a lost run and hostile names, with conditions awaited under a deadline.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  cancelCommand,
  launchCommand,
  listRunsCommand,
  parseRunList,
  parseStatus,
  prepareCommand,
  readFromCommand,
  runFolderFiles,
  runPath,
  runState,
  statusCommand,
} from '../../extension/core/training/runFolder';
import { withDefaults } from '../../extension/core/training/runSpec';
import { alive } from '../integration/processes';

const base = mkdtempSync(join(tmpdir(), 'lexreview-runfolder-'));
// ROOT itself is hostile: a space, a quote and a $() in the path.
const root = join(base, "runs it's $(touch ROOTPWNED)");
const groups = new Set<number>();

after(() => {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  rmSync(base, { recursive: true, force: true });
});

/** The snippets are POSIX sh: they run under dash (Debian's sh, the strictest here) unless a test asks for bash. */
function bash(command: string, shell = 'sh'): { code: number; stdout: string } {
  const r = spawnSync(shell, ['-c', command], { cwd: base, encoding: 'utf8', timeout: 20000 });
  return { code: r.status ?? -1, stdout: r.stdout };
}

async function until<T>(what: string, f: () => T | undefined | false, ms = 10000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}


/** Writes a run folder whose command.sh runs `command` (a custom template) and returns the run's name. */
function makeRun(name: string, command: string): string {
  const spec = withDefaults({ name, host: 'local', dataset: { path: '/data/law.json', layout: 'alpaca' }, model: '/m', method: 'full', framework: 'custom', command });
  assert.equal(bash(prepareCommand(root, name)).code, 0);
  for (const [rel, text] of Object.entries(runFolderFiles(spec, 'ssh', '2026-12-02T00:00:00Z'))) {
    const p = join(runPath(root, name), rel);
    writeFileSync(p, text);
    if (rel.endsWith('.sh')) chmodSync(p, 0o755);
  }
  return name;
}

function status(name: string) {
  const out = bash(statusCommand(root, [name]));
  assert.equal(out.code, 0, out.stdout);
  return parseStatus(out.stdout, [name])[0];
}

function launch(name: string, shell = 'sh'): number {
  const out = bash(launchCommand(root, name), shell);
  assert.equal(out.code, 0, out.stdout);
  const m = /^pid (\d+)$/m.exec(out.stdout);
  assert.ok(m, out.stdout);
  const pid = Number(m[1]);
  groups.add(pid);
  return pid;
}

test('launch starts command.sh detached: pid, running, train.log grows, reading from an offset gives only the new bytes', async () => {
  const name = makeRun('law_batch128_epoch3_vicuna', 'for i in $(seq 1 100000); do echo "step $i"; sleep 0.05; done');
  assert.equal(runState(status(name), 'ssh').state, 'queued');
  const pid = launch(name);
  const s = status(name);
  assert.equal(s.pid, pid);
  assert.equal(s.alive, true);
  assert.deepEqual(runState(s, 'ssh'), { state: 'running' });
  // The group leader is launch.sh, started by setsid: its pid is its process group.
  assert.equal(execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)]).toString().trim(), String(pid));
  const size = await until('three log lines', () => {
    const n = status(name).sizes['train.log'];
    return n !== undefined && n >= 21 && n;
  });
  const all = bash(readFromCommand(runPath(root, name, 'train.log'), 0)).stdout;
  assert.match(all, /^step 1\nstep 2\nstep 3\n/);
  const later = bash(readFromCommand(runPath(root, name, 'train.log'), size)).stdout;
  const whole = bash(readFromCommand(runPath(root, name, 'train.log'), 0)).stdout;
  assert.equal(whole.slice(size, size + later.length), later, 'tail -c +N starts at byte N-1');
  const again = bash(launchCommand(root, name));
  assert.equal(again.code, 3, 'a run starts once');
  assert.match(again.stdout, /already-started/);
  assert.equal(bash(readFromCommand(runPath(root, name, 'no-such-file'), 0)).stdout, '');
  process.kill(-pid, 'SIGKILL');
});

test('cancel kills the whole process group, a TERM-ignoring child too, and the run reads cancelled', async () => {
  const dirFile = (n: string, f: string) => join(runPath(root, n), f);
  // A child that ignores TERM: only the KILL after the grace period ends it.
  const name = makeRun('law_batch128_epoch6_vicuna', "bash -c 'trap \"\" TERM; echo $$ > stubborn.pid; while :; do sleep 0.05; done' & sleep 300 & echo $! > child.pid; while :; do echo tick; sleep 0.05; done");
  const pid = launch(name);
  const stubborn = await until('the children', () => existsSync(dirFile(name, 'stubborn.pid')) && existsSync(dirFile(name, 'child.pid')) && Number(readFileSync(dirFile(name, 'stubborn.pid'), 'utf8')));
  const child = Number(readFileSync(dirFile(name, 'child.pid'), 'utf8'));
  assert.ok(alive(child) && alive(stubborn));
  const out = bash(cancelCommand(root, name, 1));
  assert.equal(out.code, 0);
  assert.match(out.stdout, /cancelled/);
  assert.equal(runState(status(name), 'ssh').state, 'cancelled');
  await until('the sleep child to be gone', () => !alive(child));
  await until('the TERM-ignoring child to be killed', () => !alive(stubborn));
  await until('the process group to be dead', () => status(name).alive === false);
  assert.ok(!alive(pid));
  assert.equal(runState(status(name), 'ssh').state, 'cancelled');
});

test('a command that fails leaves exit_code 3 and reads failed; one that succeeds reads finished', async () => {
  const bad = makeRun('law_batch8_epoch1_alpaca', 'echo about to fail; exit 3');
  launch(bad);
  const s = await until('exit_code', () => {
    const st = status(bad);
    return st.exitCode !== undefined && st;
  });
  assert.equal(s.exitCode, 3);
  assert.deepEqual(runState(s, 'ssh'), { state: 'failed' });
  assert.equal(readFileSync(join(runPath(root, bad), 'train.log'), 'utf8'), 'about to fail\n');
  assert.ok(!existsSync(join(runPath(root, bad), 'exit_code.tmp')), 'exit_code is moved into place');

  const good = makeRun('law_batch8_epoch2_alpaca', 'echo done');
  launch(good);
  const g = await until('exit_code', () => {
    const st = status(good);
    return st.exitCode !== undefined && st;
  });
  assert.deepEqual(runState(g, 'ssh'), { state: 'finished' });
});

test('a run cancelled before launch.sh started never trains', async () => {
  const name = makeRun('law_batch8_epoch4_alpaca', 'echo trained > trained.txt');
  assert.equal(bash(cancelCommand(root, name, 0)).code, 0);
  launch(name);
  await until('launch.sh to end', () => status(name).alive === false);
  assert.ok(!existsSync(join(runPath(root, name), 'trained.txt')));
  assert.equal(runState(status(name), 'ssh').state, 'cancelled');
});

test('a launch.sh killed before it wrote exit_code reads failed (lost)', async () => {
  const name = makeRun('law_batch8_epoch3_alpaca', 'sleep 300');
  const pid = launch(name);
  assert.equal(runState(status(name), 'ssh').state, 'running');
  process.kill(-pid, 'SIGKILL');
  const s = await until('the group to die', () => {
    const st = status(name);
    return st.alive === false && st;
  });
  assert.equal(s.exitCode, undefined);
  assert.deepEqual(runState(s, 'ssh'), { state: 'failed', lost: true });
});

for (const shell of ['sh', 'bash']) test(`hostile run names reach ${shell} as data: every snippet works on them and no stray file appears`, async () => {
  const names = ["sp ace", "it's", 'a$(touch PWNED1)b', '`touch PWNED2`', 'x; touch PWNED3', 'q"uo"te', '$HOME', '中文 名'].map((n) => `${n} ${shell}`);
  for (const name of names) makeRun(name, 'echo hello; exit 0');
  const st = bash(statusCommand(root, names), shell);
  const parsed = parseStatus(st.stdout, names);
  assert.deepEqual(parsed.map((p) => p.exists), names.map(() => true));
  for (const name of names) launch(name, shell);
  await until('every run to finish', () => parseStatus(bash(statusCommand(root, names), shell).stdout, names).every((p) => p.exitCode === 0));
  for (const name of names) {
    assert.equal(bash(readFromCommand(runPath(root, name, 'train.log'), 0), shell).stdout, 'hello\n', name);
    assert.equal(bash(cancelCommand(root, name, 0), shell).code, 0);
    assert.ok(existsSync(join(runPath(root, name), 'cancelled')), name);
  }
  const listed = parseRunList(bash(listRunsCommand(root), shell).stdout);
  for (const name of names) {
    const found = listed.find((r) => r.name === name);
    assert.ok(found, name);
    assert.equal(found.record?.spec.name, name);
    assert.equal(found.record?.backend, 'ssh');
  }
  const everything = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? everything(join(dir, e.name)) : [e.name]));
  assert.deepEqual(everything(base).filter((f) => /PWNED/.test(f)), []);
  assert.deepEqual(readdirSync(base), [root.slice(dirname(root).length + 1)], 'nothing beside ROOT');
  // The run folders are exactly the names (plus the other tests' runs).
  for (const name of names) assert.ok(readdirSync(root).includes(name), name);
});

test('ROOT with ~/ is the home folder', () => {
  const home = mkdtempSync(join(base, 'home-'));
  const r = spawnSync('bash', ['-c', `${prepareCommand('~/lexreview-runs', 'r1')} && ${listRunsCommand('~/lexreview-runs')}`], { env: { ...process.env, HOME: home }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(home, 'lexreview-runs', 'r1', 'data')));
});

test('status of a run that does not exist, and output that names no run', () => {
  const [s] = parseStatus(bash(statusCommand(root, ['nope'])).stdout, ['nope']);
  assert.equal(s.exists, false);
  assert.deepEqual(parseStatus('garbage\npid 12\n', ['a']), [{ name: 'a', exists: false, cancelled: false, sizes: {} }]);
});

test('runState follows the contract for the slurm backend (the scheduler\'s state as remote/slurmState.ts maps it)', () => {
  const files = { name: 'r', exists: true, cancelled: false, sizes: {} };
  const job = { ...files, slurmJob: '42' };
  assert.equal(runState(files, 'slurm').state, 'queued', 'not submitted yet');
  assert.equal(runState(job, 'slurm', 'queued').state, 'queued');
  assert.equal(runState(job, 'slurm', 'running').state, 'running');
  assert.equal(runState(job, 'slurm', 'cancelled').state, 'cancelled');
  assert.equal(runState(job, 'slurm', 'failed').state, 'failed');
  assert.deepEqual(runState(job, 'slurm'), { state: 'failed', lost: true }, 'forgotten by the scheduler, no exit code');
  assert.deepEqual(runState(job, 'slurm', 'unknown'), { state: 'failed', lost: true });
  assert.deepEqual(runState(job, 'slurm', 'finished'), { state: 'failed', lost: true }, 'completed without writing exit_code');
  assert.equal(runState({ ...job, exitCode: 0 }, 'slurm', 'finished').state, 'finished');
  assert.equal(runState({ ...files, exitCode: 0, cancelled: true }, 'ssh').state, 'cancelled');
});
