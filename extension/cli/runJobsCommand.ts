// `lexreview runs merge NAME --checkpoint C` and `lexreview runs generate NAME --set SET
// --checkpoint C [--penalty P] [--db PATH] [--no-wait]`: jobs on a trained run's checkpoint
// (remote/runJobs.ts), on the run's host and backend (a Slurm run's jobs go to Slurm too).
// merge prints the job's name and exits once it is started. generate answers the set's questions
// from the store, waits for the job (its log on stderr), brings generated_predictions.jsonl back
// beside the store (.lexreview/predictions/) and imports it under the run's name with the checkpoint's epoch and the penalty; with --no-wait
// it exits once started, and the same command later imports what the finished job wrote.
import { translate } from '../core/l10n';
import { readAnswerFile } from '../core/review/answerImport';
import { generatedModelName, jobName, jobQuestions, type JobKind } from '../core/training/runJobs';
import { findRun, listRuns } from '../remote/runControl';
import { collectPredictions, listCheckpoints, startJob } from '../remote/runJobs';
import { RunLaunchError } from '../remote/runLaunch';
import { slurmScheduler } from '../remote/runSlurm';
import type { SshShell } from '../remote/ssh';
import { parseArgs, stringOption, UsageError, type ParsedArgs } from './args';
import { DB_OPTION, dbPath, loadCliSnapshot } from './dbOption';
import { reportDataError, storeAnswers } from './importCommand';
import { runsRoot } from './remoteOptions';
import { follow, onHostOf, RUNS_SPEC } from './runAccess';

const SPEC = { ...RUNS_SPEC, ...DB_OPTION, checkpoint: 'value', set: 'value', penalty: 'value', 'no-wait': 'flag' } as const;

function required(args: ParsedArgs, kind: JobKind, option: string): string {
  const v = stringOption(args, option);
  if (v === undefined || v.trim() === '') throw new UsageError(translate('{0} needs {1}', `runs ${kind}`, `--${option}`));
  return v;
}

function penaltyOf(args: ParsedArgs): number {
  const text = stringOption(args, 'penalty') ?? '1';
  const p = Number(text);
  if (!(Number.isFinite(p) && p > 0)) throw new UsageError(translate('The repetition penalty must be a positive number, not {0}.', text));
  return p;
}

export async function runJob(kind: JobKind, argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseArgs(argv, SPEC);
  const [name, ...extra] = args.positionals;
  if (name === undefined || extra.length > 0) throw new UsageError(translate('runs {0} takes one run name', kind));
  const checkpoint = required(args, kind, 'checkpoint');
  const root = runsRoot(args);
  if (kind === 'merge') {
    return onHostOf(args, name, async (shell) => {
      console.log((await startJob(shell, root, { kind, parent: name, checkpoint }, { signal })).name);
      return 0;
    });
  }
  const set = required(args, kind, 'set');
  const penalty = penaltyOf(args);
  // The questions come from the store first: a set it does not have fails before anything runs on the host.
  const snapshot = loadCliSnapshot(set, { db: stringOption(args, 'db') });
  if (snapshot.questions.length === 0) throw new UsageError(translate("The store has no evaluation set '{0}' with questions.", set));
  const questions = jobQuestions(snapshot.questions);
  return onHostOf(args, name, async (shell) => {
    const job = jobName(name, 'generate', checkpoint, penalty);
    const [existing] = await listRuns(shell, root, { names: [job], signal, scheduler: slurmScheduler });
    // Started before (--no-wait): wait for it and import; failed or cancelled: say so.
    if (!existing) console.error(translate('Started {0} on {1}.', (await startJob(shell, root, { kind, parent: name, checkpoint, penalty, set }, { signal, questions })).name, shell.host));
    if (args.options.has('no-wait') && existing?.state.state !== 'finished') return 0;
    const summary = existing ?? (await findRun(shell, root, job, { signal, scheduler: slurmScheduler }));
    const code = await follow(shell, args, summary, signal, true, process.stderr);
    if (code !== 0) return code;
    const after = await findRun(shell, root, job, { signal, scheduler: slurmScheduler });
    if (after.state.state !== 'finished') throw new RunLaunchError(translate('Run {0} is {1}.', job, after.state.state));
    const epoch = (await listCheckpoints(shell, root, name, signal)).find((c) => c.name === checkpoint)?.epoch;
    return importPredictions(shell, root, job, generatedModelName(name, epoch, penalty), set, args, signal);
  });
}

/** The predictions brought beside the store (collectPredictions), imported into the set. */
async function importPredictions(shell: SshShell, root: string, job: string, model: string, set: string, args: ParsedArgs, signal: AbortSignal): Promise<number> {
  try {
    const file = await collectPredictions(shell, root, job, dbPath(args), signal);
    storeAnswers(args, await readAnswerFile(file, { model }), set, file);
    return 0;
  } catch (e) {
    return reportDataError(e);
  }
}
