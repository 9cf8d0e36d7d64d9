// The headless command line over core/: `lexreview <command> [options]`. Each subcommand is a
// thin adapter, so the CLI, the extension and the tests share one implementation.
import { runConvert } from './cli/convertCommand';
import { runDatasetInfo } from './cli/datasetInfoCommand';
import { runStats } from './cli/statsCommand';
import { runValidate } from './cli/validateCommand';
import { runImport } from './cli/importCommand';
import { runReviews } from './cli/reviewsCommand';
import { runJudgeWith } from './cli/judgeCommand';
import { loadCliSnapshot, openStoreAt } from './cli/dbOption';
import { runReportWith } from './cli/reportCommand';
import { runQueueWith } from './cli/queueCommand';
import { runDiffWith } from './cli/diffCommand';
import { runScan } from './cli/scanCommand';
import { runHosts } from './cli/hostsCommand';
import { runTrain } from './cli/trainCommand';
import { runRuns } from './cli/runsCommand';
import { RemoteError } from './remote/shell';
import { UsageError } from './cli/args';
import { CancelledError } from './core/progress';
import { translate } from './core/l10n';
import { useCliLanguage } from './cli/language';
import { errorText } from './cli/errorText';

// The usage text: synopses are code (not translated), descriptions in the user's language.
const synopses = (): Array<[synopsis: string, description: string]> => [
  ['convert IN --to LAYOUT [-o OUT] [--jsonl] [--from LAYOUT] [--skip-invalid] [--dataset-info]', translate('convert a dataset to another record layout')],
  ['stats IN [--json]', translate('records, layout, field lengths, duplicates')],
  ['validate IN [--layout LAYOUT]', translate('list every problem; exit 1 if there is any')],
  [
    'dataset-info IN [--name NAME] [--write DIR] [--layout LAYOUT]',
    translate('the LLaMA-Factory dataset_info.json entry for IN as it is: printed, or merged into DIR/dataset_info.json'),
  ],
  [
    'import FILE [--set NAME] [--model M] [--category C] [--db PATH]',
    translate('answers (long or wide JSON/JSONL/CSV, or LLaMA-Factory generated_predictions.jsonl) into an evaluation set; re-importing changes nothing'),
  ],
  [
    'judge --set NAME --baseline MODEL [--model M]... [--base-url URL] [--judge-model NAME] [--concurrency N] [--batch] [--prompt FILE] [--db PATH]',
    translate('judge every model (or each --model) against the baseline in both orders; the key from OPENAI_API_KEY; a re-run asks only for what is missing'),
  ],
  [
    'report --set NAME [--format md|csv|json] [--baseline MODEL] [--judge-model NAME] [--seed N] [--db PATH]',
    translate('each model against the baseline: judge %, corrected %, intervals, position bias, lengths, flags, agreement; the latest judge\'s figures unless --judge-model'),
  ],
  [
    'queue --set NAME [--model M] [--limit N] [--mode doubt|order|unreviewed|flagged|disagreeing] [--reviewer NAME] [--baseline MODEL] [--json] [--db PATH]',
    translate('the answers to review next (default 20), most doubtful first, with why'),
  ],
  [
    'diff --set NAME [--a MODEL --b MODEL] [--mode word|char] [--format md|html] [--db PATH]',
    translate('two models\' answers compared question by question (default: the pair that differs in epoch), most changed first'),
  ],
  [
    'scan ANSWERS|--set NAME [--train DATASET] [--json] [--fail-on KINDS] [--max-length N] [--db PATH]',
    translate('the detectors over answers (a file, or --set with --db): training-data leakage, repetition loops, broken endings, train/eval contamination; --set writes suggested flags'),
  ],
  ['hosts [--ssh-config FILE] [--json]', translate('the hosts of ~/.ssh/config (or FILE), as ssh resolves them')],
  [
    'train --host HOST --dataset FILE --model PATH --method lora|full|ptuning [--framework llamafactory|chatglm-ptuning|custom] [--name NAME] [--epochs N] [--batch N] [--lora-rank N] [--template T] [--penalty P] [--gpus N] [--launcher torchrun|accelerate|deepspeed] [--slurm [--nodes N] [--partition P] [--time T]] [--command TEMPLATE] [--root DIR] [--ssh-config FILE]',
    translate('uploads the dataset, writes the run folder on the host and starts the run detached (or submits it to Slurm); prints the run name'),
  ],
  ['runs [--host HOST] [--json] [--root DIR] [--ssh-config FILE]', translate('the runs on each host with their states')],
  ['runs log NAME [--follow] [--host HOST]', translate("a run's train.log; --follow keeps printing until the run ends")],
  ['runs cancel NAME [--host HOST]', translate('stops a run: its whole process group, or its Slurm job')],
  ['runs merge NAME --checkpoint C [--host HOST]', translate("merges a LoRA checkpoint into the base model on the host (llamafactory-cli export), as a job beside the run")],
  ['runs generate NAME --set SET --checkpoint C [--penalty P] [--no-wait] [--db PATH]', translate("answers the set's questions with a checkpoint on the host and imports the answers under the run's name with that epoch and penalty")],
  ['reviews import FILE --set NAME [--reviewer NAME] [--db PATH]', translate('human scores made elsewhere (CSV/JSONL: question, model, score[, flags][, note])')],
  ['reviews export --set NAME [--format csv|jsonl] [--db PATH]', translate('every reviewer\'s current scores, in the form reviews import reads')],
];

function usage(): string {
  const lines = [translate('Usage: lexreview <command> [options]'), '', translate('Commands:')];
  for (const [synopsis, description] of synopses()) lines.push(`  ${synopsis}`, `      ${description}`);
  lines.push(
    '',
    translate('Layouts: {0}', 'original, alpaca, sharegpt (vicuna), openai, chatglm, chatglm-history, qa, alpaca-preference, sharegpt-preference, text (pretraining)'),
    translate('Review commands keep their data in --db PATH (default .lexreview/review.db).'),
    translate('Ctrl-C cancels; a cancelled convert leaves no output behind.'),
    translate('Messages are in Chinese when LANG (or LC_ALL, LC_MESSAGES) starts with zh.'),
  );
  return lines.join('\n');
}

/** Exit codes: 0 fine, 1 the data has problems, 2 the command line is wrong, 130 cancelled. */
const commands: Record<string, (argv: string[], signal: AbortSignal) => Promise<number>> = {
  convert: runConvert,
  stats: runStats,
  validate: runValidate,
  'dataset-info': runDatasetInfo,
  import: runImport,
  reviews: runReviews,
  judge: (argv, signal) => runJudgeWith((db) => openStoreAt(db), argv, signal, process.env),
  report: (argv, signal) => runReportWith(loadCliSnapshot, argv, signal),
  queue: (argv, signal) => runQueueWith(loadCliSnapshot, argv, signal),
  diff: (argv, signal) => runDiffWith(loadCliSnapshot, argv, signal),
  scan: runScan,
  hosts: runHosts,
  train: runTrain,
  runs: runRuns,
};

async function main(argv: string[]): Promise<number> {
  useCliLanguage();
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) throw new UsageError(translate("Unknown command '{0}'", name));
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return command(rest, controller.signal);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`lexreview: ${e.message}\n\n${usage()}`);
      process.exitCode = 2;
    } else if (e instanceof RemoteError) {
      // ssh's own failures (host key, authentication, network) keep ssh's exit status.
      console.error(errorText(e.message, e));
      process.exitCode = 255;
    } else if (e instanceof CancelledError) {
      console.error(`lexreview: ${translate('cancelled')}`);
      process.exitCode = 130;
    } else {
      const err = e as NodeJS.ErrnoException;
      console.error(errorText(err.code === 'ENOENT' ? translate('no such file: {0}', String(err.path)) : err.message, e));
      process.exitCode = 1;
    }
  },
);
