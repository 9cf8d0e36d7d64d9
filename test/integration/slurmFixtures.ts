// Regenerates test/unit/fixtures/slurm/: what a real Slurm (the harness's, Debian slurm-wlm) prints
// for jobs in each state it can reach on one node without slurmdbd — PENDING (held, and waiting for
// resources), RUNNING, SUSPENDED, COMPLETED, FAILED, CANCELLED and TIMEOUT — as the reply of
// jobStatesCommand (the text parseJobStates reads) and as the raw squeue / scontrol / sacct lines.
// Run as root: node --import tsx test/integration/slurmFixtures.ts  (takes about two minutes:
// TIMEOUT needs a one-minute limit to pass).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellCommand } from '../../extension/core/training/shellQuote';
import { jobStates, sbatchScript, submit } from '../../extension/remote/slurm';
import { jobStatesCommand, SQUEUE_FORMAT } from '../../extension/remote/slurmState';
import { LocalShell } from './localShell';
import { startSlurm } from './slurm';

const out = join(__dirname, '..', 'unit', 'fixtures', 'slurm');

async function main() {
  const cluster = await startSlurm();
  const root = mkdtempSync(join(tmpdir(), 'lexreview-slurm-fixtures-'));
  const shell = new LocalShell({ env: cluster.env, cwd: root });
  try {
    const job = async (name: string, body: string, extra: string[] = []) => {
      const runDir = join(root, name);
      mkdirSync(runDir);
      writeFileSync(join(runDir, 'command.sh'), body);
      const script = sbatchScript({ jobName: name, runDir }).replace('#!/bin/bash\n', `#!/bin/bash\n${extra.map((e) => `#SBATCH ${e}\n`).join('')}`);
      writeFileSync(join(runDir, 'job.sbatch'), script);
      return { id: await submit(shell, runDir), runDir };
    };
    const until = async (what: string, check: () => Promise<boolean>, ms = 150_000) => {
      const end = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const state = async (j: { id: string; runDir: string }) => (await jobStates(shell, [j])).get(j.id)!.slurmState;

    const completed = await job('completed', 'echo done\n');
    const failed = await job('failed', 'echo oops >&2; exit 7\n');
    const timeout = await job('timeout', 'sleep 600\n', ['--time=1']);
    const cancelled = await job('cancelled', 'sleep 600\n');
    await until('completed and failed to end', async () => (await state(completed)) === 'COMPLETED' && (await state(failed)) === 'FAILED');
    await until('cancelled to run', async () => (await state(cancelled)) === 'RUNNING');
    await shell.run(shellCommand(['scancel', cancelled.id]));
    await until('cancelled to be cancelled', async () => (await state(cancelled)) === 'CANCELLED');
    const suspended = await job('suspended', 'sleep 600\n');
    await until('suspended to run', async () => (await state(suspended)) === 'RUNNING');
    await shell.run(shellCommand(['scontrol', 'suspend', suspended.id]));
    await until('suspended to be suspended', async () => (await state(suspended)) === 'SUSPENDED');
    // A suspended job keeps its CPU: the second one frees when the one-minute limit runs out.
    await until('timeout to run out of time', async () => (await state(timeout)) === 'TIMEOUT');
    const running = await job('running', 'sleep 600\n');
    await until('running to run', async () => (await state(running)) === 'RUNNING');
    // Both CPUs held now (suspended, running): a two-CPU job waits for Resources, a held one for its release.
    const waiting = await job('waiting', 'sleep 600\n', ['--cpus-per-task=2']);
    const held = await job('held', 'true\n', ['--hold']);
    await until('waiting to be considered', async () => (await jobStates(shell, [waiting])).get(waiting.id)!.reason === 'Resources', 30_000);
    const all = [completed, failed, timeout, cancelled, suspended, waiting, held, running];
    const ids = all.map((j) => j.id).join(',');
    const names = Object.fromEntries(all.map((j) => [j.id, j.runDir.split('/').pop()]));
    const reply = await shell.run(jobStatesCommand(all));
    mkdirSync(out, { recursive: true });
    // Run folders live in a temp dir: the fixture names them by a fixed root so it does not change run to run.
    const fixed = (text: string) => text.split(root).join('/runs');
    writeFileSync(join(out, 'jobStates-reply.txt'), fixed(reply.stdout.toString()));
    writeFileSync(join(out, 'jobs.json'), JSON.stringify(names, null, 2) + '\n');
    writeFileSync(join(out, 'squeue.txt'), fixed((await shell.run(`${shellCommand(['squeue', '-h', '-t', 'all', '-j', ids, '-o', SQUEUE_FORMAT])} 2>&1`)).stdout.toString()));
    writeFileSync(join(out, 'squeue-unknown-id.txt'), (await shell.run(`${shellCommand(['squeue', '-h', '-t', 'all', '-j', '999999', '-o', SQUEUE_FORMAT])} 2>&1`)).stdout.toString());
    writeFileSync(join(out, 'sacct-no-accounting.txt'), (await shell.run(`${shellCommand(['sacct', '-n', '-P', '-X', '-j', ids, '-o', 'JobID,State,ExitCode'])} 2>&1`)).stdout.toString());
    let scontrol = '';
    for (const j of all) scontrol += (await shell.run(`${shellCommand(['scontrol', '-o', 'show', 'job', j.id])} 2>&1`)).stdout.toString();
    writeFileSync(join(out, 'scontrol.txt'), fixed(scontrol));
    // A controller nobody runs (the same conf on a port no one listens on): the reply jobStates
    // must read as "Slurm did not answer", never as "no such jobs".
    const deadConf = join(root, 'dead.conf');
    writeFileSync(deadConf, readFileSync(cluster.env.SLURM_CONF, 'utf8').replace(/^SlurmctldPort=\d+$/m, 'SlurmctldPort=1'));
    const dead = new LocalShell({ env: { SLURM_CONF: deadConf }, cwd: root });
    writeFileSync(join(out, 'jobStates-no-controller.txt'), fixed((await dead.run(jobStatesCommand(all))).stdout.toString()));
    console.log(`fixtures written to ${out}`);
  } finally {
    await cluster.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
