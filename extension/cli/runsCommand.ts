// `lexreview runs [--host HOST] [--json]`: every run on the host (or on each host of the ssh
// config), with its state and progress. Subcommands on one run NAME (found on --host, or on the
// first host that has it): `runs log NAME [--follow]` prints train.log (and keeps printing it until
// the run ends), `runs cancel NAME` stops it.
import { translate } from '../core/l10n';
import type { RunState } from '../core/training/runFolder';
import { stateDetail, stateText as stateLabel } from '../core/training/runText';
import { cancelRun, listRuns, RunControlError, type RunSummary } from '../remote/runControl';
import { RunWatch } from '../remote/runWatch';
import { slurmCancel, slurmScheduler } from '../remote/runSlurm';
import type { SshShell } from '../remote/ssh';
import { parseArgs, stringOption, UsageError, type ParsedArgs } from './args';
import { chosenHosts, REMOTE_OPTIONS, runsRoot, withShell } from './remoteOptions';

const SPEC = { ...REMOTE_OPTIONS, host: 'value', json: 'flag', follow: 'flag', interval: 'value' } as const;

const stateText = (state: RunState): string => stateLabel(translate, state);

function line(run: RunSummary): string {
  const spec = run.record?.spec;
  const what = spec ? `${spec.method} ${spec.framework}` : translate('run.json unreadable');
  const detail = stateDetail(translate, run.state, run.files.exitCode);
  return `${run.host}\t${run.name}\t${stateText(run.state.state)}${detail === undefined ? '' : ` (${detail})`}\t${what}`;
}

/** The run NAME on --host, or on the first host of the config that has it. */
async function onHostOf<T>(args: ParsedArgs, name: string, fn: (shell: SshShell, run: RunSummary) => Promise<T>): Promise<T> {
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

async function follow(shell: SshShell, args: ParsedArgs, run: RunSummary, signal: AbortSignal, keepGoing: boolean): Promise<number> {
  const watch = new RunWatch(shell, runsRoot(args), run.name, run.record?.backend ?? 'ssh', slurmScheduler);
  const interval = Number(stringOption(args, 'interval') ?? 2) * 1000;
  for (;;) {
    const u = await watch.poll({ signal });
    if (u.log) process.stdout.write(u.log);
    const ended = u.state.state !== 'queued' && u.state.state !== 'running';
    // A log longer than one poll's slice comes in several polls: once the output stops (no --follow, or the run ended), read on until it is all there.
    if (u.bytesRead > 0 && (!keepGoing || ended)) continue;
    if (!keepGoing || ended) {
      if (keepGoing) console.error(translate('Run {0} is {1}.', run.name, stateText(u.state.state)));
      return u.state.state === 'failed' ? 1 : 0;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, interval);
      signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });
    if (signal.aborted) return 130;
  }
}

export async function runRuns(argv: string[], signal: AbortSignal): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'log' || sub === 'cancel') {
    const args = parseArgs(rest, SPEC);
    const [name, ...extra] = args.positionals;
    if (name === undefined || extra.length > 0) throw new UsageError(translate('runs {0} takes one run name', sub));
    if (sub === 'log') return onHostOf(args, name, (shell, run) => follow(shell, args, run, signal, args.options.has('follow')));
    return onHostOf(args, name, async (shell) => {
      const after = await cancelRun(shell, runsRoot(args), name, { signal, scheduler: slurmScheduler, scancel: slurmCancel });
      console.error(translate('Run {0} on {1} is {2}.', name, shell.host, stateText(after.state.state)));
      return 0;
    });
  }
  const args = parseArgs(argv, SPEC);
  if (args.positionals.length > 0) throw new UsageError(translate("Unknown runs subcommand '{0}': use log or cancel, or no subcommand to list", args.positionals[0]));
  const all: RunSummary[] = [];
  let failed = 0;
  for (const host of chosenHosts(args)) {
    try {
      all.push(...(await withShell(args, host, (shell) => listRuns(shell, runsRoot(args), { signal, scheduler: slurmScheduler }))));
    } catch (e) {
      failed++;
      console.error(`lexreview: ${(e as Error).message}`);
    }
  }
  if (args.options.has('json')) process.stdout.write(JSON.stringify(all.map((r) => ({ host: r.host, name: r.name, state: r.state.state, lost: r.state.lost ?? false, exitCode: r.files.exitCode, backend: r.record?.backend, slurmJob: r.files.slurmJob, spec: r.record?.spec })), null, 2) + '\n');
  else if (all.length > 0) process.stdout.write(all.map(line).join('\n') + '\n');
  else console.error(translate('No runs.'));
  return failed > 0 ? 1 : 0;
}

