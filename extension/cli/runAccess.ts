// What the `lexreview runs` subcommands share (runsCommand.ts, runJobsCommand.ts): their options,
// finding a run NAME on --host or on the first host that has it, and printing a run's log.
import { translate } from '../core/l10n';
import { CancelledError, sleep } from '../core/progress';
import type { RunState } from '../core/training/runFolder';
import { stateText as stateLabel } from '../core/training/runText';
import { listRuns, RunControlError, type RunSummary } from '../remote/runControl';
import { RunWatch } from '../remote/runWatch';
import { slurmScheduler } from '../remote/runSlurm';
import type { SshShell } from '../remote/ssh';
import { stringOption, type ParsedArgs } from './args';
import { chosenHosts, REMOTE_OPTIONS, runsRoot, withShell } from './remoteOptions';

/** A run state in the CLI's language. */
export const stateText = (state: RunState): string => stateLabel(translate, state);

export const RUNS_SPEC = { ...REMOTE_OPTIONS, host: 'value', json: 'flag', follow: 'flag', interval: 'value' } as const;

/** The run NAME on --host, or on the first host of the config that has it. */
export async function onHostOf<T>(args: ParsedArgs, name: string, fn: (shell: SshShell, run: RunSummary) => Promise<T>): Promise<T> {
  const root = runsRoot(args);
  const hosts = chosenHosts(args);
  for (const host of hosts) {
    const found = await withShell(args, host, async (shell) => {
      const runs = await listRuns(shell, root, { names: [name], scheduler: slurmScheduler });
      return runs.length > 0 ? { value: await fn(shell, runs[0]) } : undefined;
    });
    if (found) return found.value;
  }
  throw new RunControlError(hosts.length === 1 ? translate("{0} has no run named '{1}' in {2}.", hosts[0], name, root) : translate("No host has a run named '{0}' in {1}.", name, root));
}

/** Prints the run's log to `out` (once, or until the run ends with keepGoing); exit 1 when it failed, 130 when interrupted. */
export async function follow(shell: SshShell, args: ParsedArgs, run: RunSummary, signal: AbortSignal, keepGoing: boolean, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const watch = new RunWatch(shell, runsRoot(args), run.name, run.record?.backend ?? 'ssh', slurmScheduler);
  const interval = Number(stringOption(args, 'interval') ?? 2) * 1000;
  for (;;) {
    const u = await watch.poll({ signal });
    if (u.log) out.write(u.log);
    const ended = u.state.state !== 'queued' && u.state.state !== 'running';
    // A log longer than one poll's slice comes in several polls: once the output stops (no --follow, or the run ended), read on until it is all there.
    if (u.bytesRead > 0 && (!keepGoing || ended)) continue;
    if (!keepGoing || ended) {
      if (keepGoing) console.error(translate('Run {0} is {1}.', run.name, stateText(u.state.state)));
      return u.state.state === 'failed' ? 1 : 0;
    }
    try {
      await sleep(interval, signal);
    } catch (e) {
      if (e instanceof CancelledError) return 130;
      throw e;
    }
  }
}
