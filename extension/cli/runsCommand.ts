// `lexreview runs [--host HOST] [--json]`: every run on the host (or on each host of the ssh
// config), with its state and progress. Subcommands on one run NAME (found on --host, or on the
// first host that has it): `runs log NAME [--follow]` prints train.log (and keeps printing it until
// the run ends), `runs cancel NAME` stops it; `runs merge` and `runs generate` start a job on one of
// its checkpoints (runJobsCommand.ts).
import { translate } from '../core/l10n';
import { stateDetail } from '../core/training/runText';
import { cancelRun, listRuns, type RunSummary } from '../remote/runControl';
import { slurmCancel, slurmScheduler } from '../remote/runSlurm';
import { parseArgs, UsageError } from './args';
import { chosenHosts, runsRoot, withShell } from './remoteOptions';
import { runJob } from './runJobsCommand';
import { follow, onHostOf, RUNS_SPEC, stateText } from './runAccess';
import { errorText } from './errorText';

function line(run: RunSummary): string {
  const spec = run.record?.spec;
  const what = spec ? `${spec.method} ${spec.framework}` : translate('run.json unreadable');
  const detail = stateDetail(translate, run.state, run.files.exitCode);
  return `${run.host}\t${run.name}\t${stateText(run.state.state)}${detail === undefined ? '' : ` (${detail})`}\t${what}`;
}

export async function runRuns(argv: string[], signal: AbortSignal): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'merge' || sub === 'generate') return runJob(sub, rest, signal);
  if (sub === 'log' || sub === 'cancel') {
    const args = parseArgs(rest, RUNS_SPEC);
    const [name, ...extra] = args.positionals;
    if (name === undefined || extra.length > 0) throw new UsageError(translate('runs {0} takes one run name', sub));
    if (sub === 'log') return onHostOf(args, name, (shell, run) => follow(shell, args, run, signal, args.options.has('follow')));
    return onHostOf(args, name, async (shell) => {
      const after = await cancelRun(shell, runsRoot(args), name, { signal, scheduler: slurmScheduler, scancel: slurmCancel });
      console.error(translate('Run {0} on {1} is {2}.', name, shell.host, stateText(after.state.state)));
      return 0;
    });
  }
  const args = parseArgs(argv, RUNS_SPEC);
  if (args.positionals.length > 0) throw new UsageError(translate("Unknown runs subcommand '{0}': use log, cancel, merge or generate, or no subcommand to list", args.positionals[0]));
  const all: RunSummary[] = [];
  let failed = 0;
  for (const host of chosenHosts(args)) {
    try {
      all.push(...(await withShell(args, host, (shell) => listRuns(shell, runsRoot(args), { signal, scheduler: slurmScheduler }))));
    } catch (e) {
      failed++;
      console.error(errorText((e as Error).message, e));
    }
  }
  if (args.options.has('json')) process.stdout.write(JSON.stringify(all.map((r) => ({ host: r.host, name: r.name, state: r.state.state, lost: r.state.lost ?? false, exitCode: r.files.exitCode, backend: r.record?.backend, slurmJob: r.files.slurmJob, spec: r.record?.spec })), null, 2) + '\n');
  else if (all.length > 0) process.stdout.write(all.map(line).join('\n') + '\n');
  else console.error(translate('No runs.'));
  return failed > 0 ? 1 : 0;
}

