// The `--db PATH` option every review command shares (import, reviews, judge, report, queue):
// the review store file, by default `.lexreview/review.db` under the current directory, the same
// place the extension uses in a workspace. Opening it turns a refused file into a plain message.
import { join, resolve } from 'node:path';
import type { ReviewSnapshot } from '../core/review/types';
import { ReviewStore } from '../store/reviewStore';
import { stringOption, type ParsedArgs } from './args';

/** Add to a command's parseArgs spec: `{ ...DB_OPTION, … }`. */
export const DB_OPTION = { db: 'value' } as const;

export const DEFAULT_DB = join('.lexreview', 'review.db');

export function dbPath(args: ParsedArgs, cwd = process.cwd()): string {
  return resolveDb(stringOption(args, 'db'), cwd);
}

function resolveDb(db: string | undefined, cwd = process.cwd()): string {
  return resolve(cwd, db ?? DEFAULT_DB);
}

/** Opens the store the command line names; the audit log records the CLI as the writer. */
export function openCliStore(args: ParsedArgs, opts: { readonly?: boolean } = {}): ReviewStore {
  return openStoreAt(stringOption(args, 'db'), opts);
}

/** openCliStore for commands that take the --db value themselves (judge). */
export function openStoreAt(db: string | undefined, opts: { readonly?: boolean } = {}): ReviewStore {
  return ReviewStore.open(resolveDb(db), { actor: 'cli', readonly: opts.readonly });
}

/** The snapshot of one evaluation set in the store --db names, read and closed (report, queue). */
export function loadCliSnapshot(set: string, opts: { db?: string }): ReviewSnapshot {
  const store = openStoreAt(opts.db, { readonly: true });
  try {
    return store.snapshot(set);
  } finally {
    store.close();
  }
}
