// `lexreview scan ANSWERS [--train DATASET] [--json] [--fail-on KINDS] [--max-length N]`, or
// `lexreview scan --set NAME [--db PATH] [--train DATASET] …`: the detectors over a file of answers
// (any file `lexreview import` reads) or over a set in the review store, with the training data
// for leakage and contamination. Prints each finding with its evidence; with --set it also writes
// them as suggested flags (a re-run replaces the same detector versions' suggestions and keeps
// every human decision). The training index is kept beside the store (DIR-OF-DB/index/), so the
// next scan of the same, unchanged training file loads it instead of rebuilding it.
// Exit 0, 1 when a finding of a --fail-on kind exists, 2 on bad input.
import { formatDatasetError } from '../core/dataset/types';
import { dirname, join } from 'node:path';
import { translate } from '../core/l10n';
import { throwIfCancelled } from '../core/progress';
import type { FindingKind } from '../core/quality/finding';
import { findingCounts, formatScan } from '../core/quality/findingText';
import { qualityOptions } from '../core/quality/options';
import { failsOn, scan, type ScanItem } from '../core/quality/scan';
import { flagSuggestions, SUGGESTING_DETECTORS } from '../core/quality/suggestions';
import type { TrainingIndex } from '../core/quality/trainingIndex';
import { loadOrBuildTrainingIndex } from '../core/quality/trainingIndexCache';
import { readAnswerFile } from '../core/review/answerImport';
import { formatImportProblem, ImportError } from '../core/review/tableFile';
import { FLAG_KINDS } from '../core/review/types';
import { ReviewDatabaseError } from '../store/database';
import type { SuggestionSummary } from '../store/detectorWrites';
import { UnknownSetError } from '../store/setQueries';
import { listOption, parseArgs, stringOption, UsageError } from './args';
import { DB_OPTION, dbPath, openCliStore } from './dbOption';
import { progressBar } from './progressBar';

const FAIL_KINDS: readonly FindingKind[] = [...FLAG_KINDS.filter((k) => k !== 'forgetting' && k !== 'citation' && k !== 'other'), 'contamination'];

/** Bad input of the scan itself (a file that is missing or not a dataset): exit 2 with this message. */
class ScanInputError extends Error {}

export async function runScan(argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseArgs(argv, { train: 'value', json: 'flag', 'fail-on': 'list', 'max-length': 'value', set: 'value', ...DB_OPTION });
  const set = stringOption(args, 'set');
  if (set === undefined ? args.positionals.length !== 1 : args.positionals.length !== 0) throw new UsageError(translate('{0} takes one answers file, or --set NAME', 'scan'));
  const failOn = new Set<FindingKind>();
  for (const k of listOption(args, 'fail-on') ?? []) {
    if (!(FAIL_KINDS as readonly string[]).includes(k)) throw new UsageError(translate("{0} must be one of {1}, not '{2}'", '--fail-on', FAIL_KINDS.join(', '), k));
    failOn.add(k as FindingKind);
  }
  const maxLength = positiveInteger(stringOption(args, 'max-length'));
  const opts = qualityOptions({ endings: maxLength === undefined ? {} : { maxLength } });
  const train = stringOption(args, 'train');
  try {
    const index = train === undefined ? undefined : await loadIndex(train, join(dirname(dbPath(args)), 'index'), signal);
    if (train === undefined) console.error(translate('no --train dataset: leakage and contamination are not checked'));
    const store = set === undefined ? undefined : openCliStore(args);
    try {
      let items: ScanItem[];
      const answerIds = new Map<string, number>();
      if (store && set !== undefined) {
        const snap = store.snapshot(set);
        const questions = new Map(snap.questions.map((q) => [q.key, q.text]));
        items = snap.answers.map((a) => ({ questionKey: a.questionKey, question: questions.get(a.questionKey) ?? '', model: a.model, answer: a.text }));
        for (const a of snap.answers) answerIds.set(`${a.questionKey}\u0000${a.model}`, a.answerId);
      } else {
        const parsed = await readAnswerFile(args.positionals[0], {}, { signal });
        items = parsed.rows.map((r) => ({ questionKey: r.questionKey, question: r.question, model: r.model, answer: r.answer }));
      }
      throwIfCancelled(signal);
      const result = scan(items, index, opts, signal);
      throwIfCancelled(signal);
      let written: SuggestionSummary | undefined;
      if (store && set !== undefined) {
        const suggestions = result.answers.flatMap((a) => flagSuggestions(answerIds.get(`${a.questionKey}\u0000${a.model}`)!, a.findings));
        written = store.replaceDetectorSuggestions(set, SUGGESTING_DETECTORS, suggestions);
      }
      if (args.options.has('json')) {
        console.log(JSON.stringify({ ...result, counts: findingCounts(result), ...(written ? { flags: written } : {}) }, null, 2));
      } else {
        console.log(formatScan(result, translate));
        if (written) {
          console.log(
            translate('suggested flags in set "{0}": {1} added, {2} updated, {3} unchanged, {4} removed; {5} reviewer decision(s) kept', set!, written.added, written.updated, written.unchanged, written.removed, written.keptDecisions),
          );
        }
      }
      const failing = [...result.answers.flatMap((a) => a.findings), ...result.questions.flatMap((q) => q.findings)].some((f) => failsOn(f, failOn));
      return failing ? 1 : 0;
    } finally {
      store?.close();
    }
  } catch (e) {
    return reportScanInputError(e);
  }
}

function positiveInteger(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(translate("{0} must be a positive whole number, not '{1}'", '--max-length', value));
  return n;
}

/**
 * The training index of a dataset file, from the cache in `cacheDir` (beside the store) when it is
 * current, else built and saved there. A file with no readable record is bad input; unreadable
 * records are reported and left out.
 */
async function loadIndex(file: string, cacheDir: string, signal: AbortSignal): Promise<TrainingIndex> {
  const bar = progressBar('index');
  try {
    const built = await loadOrBuildTrainingIndex(file, cacheDir, undefined, { signal, onProgress: bar.report });
    bar.done();
    for (const e of built.errors.slice(0, 10)) console.error(formatDatasetError(e));
    if (built.index.records === 0 || built.index.texts.length === 0) throw new ScanInputError(translate('{0}: no record with text to index', file));
    if (built.errors.length > 0) console.error(translate('{0}: {1} record(s) could not be read and are not in the index', file, built.errors.length));
    console.error(
      built.cached
        ? translate('training index of {0} ({1} records) loaded from {2}', file, built.index.records, built.cacheFile)
        : translate('training index of {0} ({1} records) built and saved to {2}', file, built.index.records, built.cacheFile),
    );
    return built.index;
  } catch (e) {
    bar.done();
    throw e;
  }
}

/** Bad input (a missing file, an unreadable answers file, an unknown set, a refused store): its message, exit 2. */
function reportScanInputError(e: unknown): number {
  if (e instanceof ImportError) {
    for (const p of e.problems) console.error(formatImportProblem(p));
    console.error(translate('{0} problem(s) in the answers file; nothing was scanned', e.problems.length));
    return 2;
  }
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') {
    console.error(`lexreview: ${translate('no such file: {0}', String(err.path))}`);
    return 2;
  }
  if (e instanceof ScanInputError || e instanceof UnknownSetError || e instanceof ReviewDatabaseError) {
    console.error(`lexreview: ${e.message}`);
    return 2;
  }
  throw e;
}
