// Opening the review store's SQLite file: the checks that keep a file safe before anything is
// written to it (it is SQLite, it is ours, its schema is not newer than this code), then WAL,
// foreign keys, a busy timeout (the extension and the CLI may write at once) and the missing
// migrations, each in its own transaction.
import { nativeBindingPath } from './nativeBinding';
import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { isNativeLoadError, nativeLoadMessage } from './nativeCheck';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { translate } from '../core/l10n';

export type ReviewDatabase = Database.Database;

/** A review store file that cannot be used as it is; the message names the file and what to do. */
export class ReviewDatabaseError extends Error {
  override name = 'ReviewDatabaseError';
}

export interface OpenOptions {
  readonly?: boolean;
  /** How long a write waits for another process's transaction, in ms. */
  busyTimeoutMs?: number;
}

const SQLITE_HEADER = 'SQLite format 3\0';

/** The first 16 bytes, or '' for a missing or empty file. */
function fileHeader(path: string): string {
  let fd: number;
  try {
    if (statSync(path).size === 0) return '';
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

export function openReviewDatabase(path: string, opts: OpenOptions = {}): ReviewDatabase {
  const header = fileHeader(path);
  if (header !== '' && header !== SQLITE_HEADER) {
    throw new ReviewDatabaseError(translate('{0}: not a SQLite database (its first bytes are not "{1}"); point --db at another file or move this one away', path, 'SQLite format 3'));
  }
  if (!opts.readonly) mkdirSync(dirname(path), { recursive: true });
  let db: ReviewDatabase;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false, timeout: opts.busyTimeoutMs ?? 5000, nativeBinding: nativeBindingPath() });
  } catch (e) {
    throw new ReviewDatabaseError(isNativeLoadError(e) ? nativeLoadMessage(e) : translate('{0}: cannot open the review database: {1}', path, (e as Error).message));
  }
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    // Read-only checks first: a file refused here is closed without a byte written.
    checkOwnership(db, path);
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL'); // a committed review survives a power cut too, not only a killed process
    }
    db.pragma('foreign_keys = ON');
    if (opts.readonly) {
      const v = db.pragma('user_version', { simple: true }) as number;
      if (v < SCHEMA_VERSION) throw new ReviewDatabaseError(translate('{0}: schema version {1} is older than {2}; open it once for writing to migrate it', path, v, SCHEMA_VERSION));
    } else {
      migrate(db, path);
    }
    return db;
  } catch (e) {
    db.close();
    if (e instanceof ReviewDatabaseError) throw e;
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') throw new ReviewDatabaseError(translate('{0}: not a SQLite database ({1})', path, (e as Error).message));
    throw e;
  }
}

/** Refuses a file of another application, and one whose schema is newer than this code. */
function checkOwnership(db: ReviewDatabase, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const app = db.pragma('application_id', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new ReviewDatabaseError(
      translate('{0}: schema version {1} is newer than this LexReview knows ({2}); update LexReview to use this file (it was left unchanged)', path, version, SCHEMA_VERSION),
    );
  }
  if (app === APPLICATION_ID) return;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  if (app !== 0 || version !== 0 || tables.length > 0) {
    throw new ReviewDatabaseError(
      tables.length > 0
        ? translate('{0}: a SQLite database of another application (tables: {1}); it was left unchanged', path, tables.join(', '))
        : translate('{0}: a SQLite database of another application (tables: none); it was left unchanged', path),
    );
  }
}

function migrate(db: ReviewDatabase, path: string): void {
  for (;;) {
    // IMMEDIATE: of two processes opening a new file at once, one migrates and the other then sees the version.
    const done = db
      .transaction(() => {
        const version = db.pragma('user_version', { simple: true }) as number;
        if (version > SCHEMA_VERSION) throw new ReviewDatabaseError(translate('{0}: schema version {1} is newer than this LexReview knows ({2})', path, version, SCHEMA_VERSION));
        if (version === SCHEMA_VERSION) return true;
        db.exec(MIGRATIONS[version]);
        if (version === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${version + 1}`);
        db.prepare('INSERT INTO audit_log (at, actor, action, set_name, detail) VALUES (?, ?, ?, NULL, ?)').run(
          new Date().toISOString(),
          'lexreview',
          'migrate',
          JSON.stringify({ from: version, to: version + 1 }),
        );
        return false;
      })
      .immediate();
    if (done) return;
  }
}
