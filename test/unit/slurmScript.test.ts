// job.sbatch: the directives sbatch reads and the bash body that runs command.sh. The directives'
// quoting is proven against the real sbatch in test/integration/slurm.test.ts (hostile names come
// back from squeue as written); here the text itself, the refusals, and the body run by a real bash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sbatchScript, sbatchValue } from '../../extension/remote/slurmScript';

test('a run with GPUs, nodes, partition and time limit', () => {
  const text = sbatchScript({
    jobName: 'law_batch128_epoch6_penalty1.2_vicuna',
    runDir: '/home/me/lexreview-runs/law_batch128_epoch6_penalty1.2_vicuna/',
    gpus: 4,
    nodes: 1,
    partition: 'gpu',
    timeLimit: '2-00:00:00',
  });
  assert.equal(
    text,
    [
      '#!/bin/bash',
      '#SBATCH --job-name=law_batch128_epoch6_penalty1.2_vicuna',
      '#SBATCH --chdir=/home/me/lexreview-runs/law_batch128_epoch6_penalty1.2_vicuna',
      '#SBATCH --output=/home/me/lexreview-runs/law_batch128_epoch6_penalty1.2_vicuna/train.log',
      '#SBATCH --open-mode=append',
      '#SBATCH --nodes=1',
      '#SBATCH --partition=gpu',
      '#SBATCH --time=2-00:00:00',
      '#SBATCH --gres=gpu:4',
      '# Written by LexReview: runs command.sh as launch.sh does; train.log is the --output above.',
      'cd /home/me/lexreview-runs/law_batch128_epoch6_penalty1.2_vicuna || exit 1',
      'bash command.sh',
      'code=$?',
      `printf '%s\\n' "$code" > exit_code.tmp && mv -f exit_code.tmp exit_code`,
      'exit "$code"',
      '',
    ].join('\n'),
  );
});

test('no GPUs: no --gres line; absent options leave the cluster defaults', () => {
  const text = sbatchScript({ jobName: 'r', runDir: '/runs/r', gpus: 0 });
  assert.doesNotMatch(text, /--gres|--nodes|--partition|--time/);
});

test('directive values: quoted for sbatch, % doubled in --output, line breaks, backslash paths and relative paths refused', () => {
  assert.equal(sbatchValue('plain-1.2'), 'plain-1.2');
  assert.equal(sbatchValue(`a "b" \\c #d 'e'`), `"a \\"b\\" \\\\c #d 'e'"`);
  assert.match(sbatchScript({ jobName: 'x', runDir: '/r/100%' }), /^#SBATCH --output=\/r\/100%%\/train\.log$/m);
  assert.throws(() => sbatchValue('a\nb'), /line break/);
  assert.throws(() => sbatchScript({ jobName: 'x\n#SBATCH --uid=0', runDir: '/r' }), /line break/);
  assert.throws(() => sbatchScript({ jobName: 'x', runDir: 'lexreview-runs/x' }), /absolute path/);
  assert.throws(() => sbatchScript({ jobName: 'x', runDir: '/r/a\\b' }), /backslash/);
  assert.throws(() => sbatchScript({ jobName: 'x', runDir: '/r', gpus: -1 }), /--gpus/);
  assert.throws(() => sbatchScript({ jobName: 'x', runDir: '/r', nodes: 1.5 }), /--nodes/);
});

test('the body, run by bash in a hostile folder: command.sh runs there, its status lands in exit_code and is the script’s', () => {
  const root = mkdtempSync(join(tmpdir(), 'lexreview-sbatch-'));
  try {
    for (const [status, name] of [[0, `ok $(touch PWNED) 'q' \`touch PWNED2\`;touch PWNED3`], [5, 'bad "dq" %j']] as const) {
      const runDir = join(root, name);
      mkdirSync(runDir);
      writeFileSync(join(runDir, 'command.sh'), `pwd > where\nexit ${status}\n`);
      const script = join(runDir, 'job.sbatch');
      writeFileSync(script, sbatchScript({ jobName: name, runDir }));
      assert.equal(spawnSync('bash', ['-n', script]).status, 0);
      const run = spawnSync('bash', [script], { cwd: root });
      assert.equal(run.status, status);
      assert.equal(readFileSync(join(runDir, 'where'), 'utf8'), `${runDir}\n`);
      assert.equal(readFileSync(join(runDir, 'exit_code'), 'utf8'), `${status}\n`);
      assert.deepEqual(readdirSync(runDir).sort(), ['command.sh', 'exit_code', 'job.sbatch', 'where']);
    }
    assert.deepEqual(readdirSync(root).filter((f) => f.startsWith('PWNED')), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('several nodes: one task per node runs command.sh under srun, each with its node rank and the rendezvous of the first node', () => {
  const text = sbatchScript({ jobName: 'law', runDir: '/runs/law', nodes: 2, gpus: 8 });
  assert.match(text, /^#SBATCH --nodes=2\n#SBATCH --ntasks-per-node=1$/m);
  assert.match(text, /^srun --kill-on-bad-exit=1 bash -c 'PET_NODE_RANK="\$SLURM_NODEID" exec bash command\.sh'$/m);
  assert.doesNotMatch(sbatchScript({ jobName: 'law', runDir: '/runs/law', nodes: 1 }), /srun|ntasks-per-node/, 'one node runs command.sh itself');

  // The body in a real bash. srun and scontrol are stand-ins on the PATH (this machine has no
  // second node): srun starts the command once per node with that node's SLURM_NODEID, as a
  // two-node step does, and exits with the first failure; scontrol expands the node list.
  const root = mkdtempSync(join(tmpdir(), 'lexreview-sbatch-nodes-'));
  try {
    const bin = join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'srun'), '#!/bin/bash\nshift\nrc=0\nfor n in 0 1; do SLURM_NODEID=$n "$@" || rc=$?; done\nexit $rc\n', { mode: 0o755 });
    writeFileSync(join(bin, 'scontrol'), '#!/bin/bash\n[ "$1 $2 $3" = "show hostnames gpu[07-08]" ] && printf "gpu07\\ngpu08\\n"\n', { mode: 0o755 });
    const runDir = join(root, "run 'two' $(x)");
    mkdirSync(runDir);
    writeFileSync(join(runDir, 'command.sh'), 'echo "$PET_NODE_RANK $PET_NNODES $PET_MASTER_ADDR $PET_MASTER_PORT" >> nodes\n[ "$PET_NODE_RANK" = 1 ] && exit 7\nexit 0\n');
    writeFileSync(join(runDir, 'job.sbatch'), sbatchScript({ jobName: 'two', runDir, nodes: 2 }));
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, SLURM_JOB_NUM_NODES: '2', SLURM_JOB_NODELIST: 'gpu[07-08]', SLURM_JOB_ID: '20123' };
    const run = spawnSync('bash', [join(runDir, 'job.sbatch')], { cwd: root, env });
    assert.equal(run.status, 7, 'a failing node fails the job');
    assert.equal(readFileSync(join(runDir, 'nodes'), 'utf8'), '0 2 gpu07 20123\n1 2 gpu07 20123\n');
    assert.equal(readFileSync(join(runDir, 'exit_code'), 'utf8'), '7\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
