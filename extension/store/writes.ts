// What every write of the review store goes through: one IMMEDIATE transaction (it takes the
// write lock first, so a second process waits in busy_timeout instead of failing with
// SQLITE_BUSY halfway through) and an audit row in the same transaction, so the log records
// exactly the writes that committed. Prepared statements are cached per database.
import type { Statement } from 'better-sqlite3';
import type { ReviewDatabase } from './database';

const statements = new WeakMap<ReviewDatabase, Map<string, Statement>>();

/** The prepared statement for `sql` on `db`, prepared once. */
export function stmt(db: ReviewDatabase, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}

export function audit(db: ReviewDatabase, actor: string, action: string, set: string | null, detail: unknown): void {
  stmt(db, 'INSERT INTO audit_log (at, actor, action, set_name, detail) VALUES (?, ?, ?, ?, ?)').run(now(), actor, action, set, JSON.stringify(detail));
}

/** Runs `fn` as one write transaction; it is also fine to call inside another (it becomes a savepoint). */
export function write<T>(db: ReviewDatabase, fn: () => T): T {
  return db.inTransaction ? db.transaction(fn)() : db.transaction(fn).immediate();
}

export function now(): string {
  return new Date().toISOString();
}
