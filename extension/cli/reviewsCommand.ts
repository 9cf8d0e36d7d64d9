// `lexreview reviews import FILE --set NAME [--reviewer NAME]` and
// `lexreview reviews export --set NAME [--format csv|jsonl]`: human reviews made elsewhere, in
// and out. A row's reviewer column wins, then --reviewer, then the system user name. The export
// prints what `reviews import` reads back (question key, model, reviewer, score, flags, note).
import { userInfo } from 'node:os';
import { csvLine } from '../core/review/csvWrite';
import { readReviewFile } from '../core/review/reviewImport';
import { throwIfCancelled } from '../core/progress';
import { UnknownSetError } from '../store/setQueries';
import { parseArgs, stringOption, UsageError } from './args';
import { DB_OPTION, openCliStore } from './dbOption';
import { reportDataError } from './importCommand';
import { translate } from '../core/l10n';

const EXPORT_COLUMNS = ['question', 'model', 'reviewer', 'score', 'flags', 'note', 'at', 'version'] as const;

function systemUser(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined;
  }
}

export async function runReviews(argv: string[], signal: AbortSignal): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'import') return importReviews(rest, signal);
  if (sub === 'export') return exportReviews(rest);
  throw new UsageError(sub === undefined ? translate('{0} needs a subcommand: {1} or {2}', 'reviews', 'import', 'export') : translate("Unknown {0} subcommand '{1}' ({2} or {3})", 'reviews', sub, 'import', 'export'));
}

async function importReviews(argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseArgs(argv, { set: 'value', reviewer: 'value', ...DB_OPTION });
  const [file] = args.positionals;
  if (!file || args.positionals.length > 1) throw new UsageError(translate('{0} takes one reviews file', 'reviews import'));
  const set = stringOption(args, 'set');
  if (!set) throw new UsageError(translate('{0} needs {1}', 'reviews import', '--set NAME'));
  try {
    const rows = await readReviewFile(file, { signal });
    throwIfCancelled(signal);
    const store = openCliStore(args);
    try {
      const s = store.importReviews(rows, { set, reviewer: stringOption(args, 'reviewer') ?? systemUser() });
      console.log(translate('{0}: {1} review(s) read: {2} saved, {3} unchanged, {4} flag(s) set', set, s.rows, s.changed, s.unchanged, s.flagsSet));
    } finally {
      store.close();
    }
    return 0;
  } catch (e) {
    return setError(e) ?? reportDataError(e);
  }
}

async function exportReviews(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { set: 'value', format: 'value', ...DB_OPTION });
  if (args.positionals.length > 0) throw new UsageError(translate('{0} takes no file: it prints to stdout', 'reviews export'));
  const set = stringOption(args, 'set');
  if (!set) throw new UsageError(translate('{0} needs {1}', 'reviews export', '--set NAME'));
  const format = stringOption(args, 'format') ?? 'csv';
  if (format !== 'csv' && format !== 'jsonl') throw new UsageError(translate("{0} is {1} or {2}, not '{3}'", '--format', 'csv', 'jsonl', format));
  try {
    const store = openCliStore(args, { readonly: true });
    try {
      const rows = store.exportReviews(set);
      let out = format === 'csv' ? csvLine(EXPORT_COLUMNS) : '';
      for (const r of rows) {
        out += format === 'csv' ? csvLine(EXPORT_COLUMNS.map((c) => (c === 'flags' ? r.flags.join(';') : r[c]))) : JSON.stringify(r) + '\n';
      }
      process.stdout.write(out);
      console.error(translate('{0}: {1} review(s) exported', set, rows.length));
    } finally {
      store.close();
    }
    return 0;
  } catch (e) {
    return setError(e) ?? reportDataError(e);
  }
}

function setError(e: unknown): number | undefined {
  if (!(e instanceof UnknownSetError)) return undefined;
  console.error(`lexreview: ${e.message}`);
  return 1;
}
