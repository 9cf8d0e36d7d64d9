// The answer part of the last set read (questions, models, answers, judgments: every text and
// every reply), kept between snapshots. The review panel and the report view read the whole set
// again after each saved score, and that part is most of the read (1,000 questions × 4 models:
// 40 of 42 ms) while a score changes none of it.
//
// The part is used again only while nothing but reviews and flags has been written:
// - by this connection: SQLite's total_changes() has moved by exactly the rows that the review
//   and flag writes changed, which they declare by running inside `humanWrite`;
// - by any other connection (the CLI, another window, a judge in another process): PRAGMA
//   data_version, which SQLite changes whenever another connection commits, is the same.
// Any other write (an import, a judgment, a deleted set, a statement run straight on `db`) drops
// it, so a write method added later that declares nothing is safe: it only costs a re-read.
import type { ReviewDatabase } from './database';
import { answerPart, type AnswerPart } from './setQueries';
import { stmt } from './writes';

interface Entry {
  setId: number;
  part: AnswerPart;
  dataVersion: number;
  changes: number;
}

/** The records are shared by every snapshot taken from the cache: frozen, so a caller that changes one fails at once instead of changing the others' copies. */
function frozen(part: AnswerPart): AnswerPart {
  const freeze = (records: readonly object[]) => records.forEach((r) => Object.freeze(r));
  freeze(part.questions);
  freeze(part.models);
  part.models.forEach((m) => Object.freeze(m.attributes));
  freeze(part.answers);
  freeze(part.judgments);
  return part;
}

export class AnswerPartCache {
  private entry: Entry | undefined;

  constructor(private readonly db: ReviewDatabase) {}

  private changes(): number {
    return stmt(this.db, 'SELECT total_changes()').pluck().get() as number;
  }

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** The answer part of set `setId`, from the cache when nothing that could change it was written since. */
  get(setId: number): AnswerPart {
    const dataVersion = this.dataVersion();
    const changes = this.changes();
    const e = this.entry;
    if (e && e.setId === setId && e.dataVersion === dataVersion && e.changes === changes) return e.part;
    const part = frozen(answerPart(this.db, setId));
    this.entry = { setId, part, dataVersion, changes };
    return part;
  }

  /** Runs a write that changes only reviews and flags (with their history and audit rows): the cached part stays valid. */
  humanWrite<T>(write: () => T): T {
    const before = this.changes();
    try {
      return write();
    } finally {
      // Only when the entry was current before the write: an undeclared write in between keeps it stale.
      if (this.entry?.changes === before) this.entry.changes = this.changes();
    }
  }
}
