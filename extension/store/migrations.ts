// The review store's schema, as an append-only list of migrations: migration i takes a file from
// schema version i to i + 1 (PRAGMA user_version). Never edit a migration that has shipped; add one.
// database.ts runs the missing ones, each in its own transaction, and refuses a file newer than
// this list.
import { FLAG_KINDS } from '../core/review/types';

const kinds = FLAG_KINDS.map((k) => `'${k}'`).join(', ');

/** Marks a file as a LexReview review store (PRAGMA application_id), so another SQLite file is never migrated. */
export const APPLICATION_ID = 0x4c585256; // "LXRV"

export const MIGRATIONS: readonly string[] = [
  // 1: sets, questions, models, versioned answers, judgments, judge batches, reviews, flags, audit.
  `
  CREATE TABLE eval_sets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  );
  CREATE TABLE questions (
    id INTEGER PRIMARY KEY,
    set_id INTEGER NOT NULL REFERENCES eval_sets(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    text TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT 'legal',
    reference TEXT,
    ordinal INTEGER NOT NULL,
    UNIQUE (set_id, key)
  );
  CREATE TABLE models (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    attributes TEXT NOT NULL DEFAULT '{}'
  );
  -- Every text a model gave for a question, numbered; exactly one is current. Judgments, reviews
  -- and flags point at a version, so they stay with the text they were made on.
  CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    model_id INTEGER NOT NULL REFERENCES models(id),
    version INTEGER NOT NULL CHECK (version >= 1),
    text TEXT NOT NULL,
    text_hash INTEGER NOT NULL, -- cyrb53 of the text (answerWrites.ts textHash)
    is_current INTEGER NOT NULL CHECK (is_current IN (0, 1)),
    source_file TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (question_id, model_id, version)
  );
  CREATE UNIQUE INDEX answers_one_current ON answers (question_id, model_id) WHERE is_current = 1;
  CREATE TABLE judgments (
    id INTEGER PRIMARY KEY,
    cache_key TEXT NOT NULL UNIQUE,
    candidate_answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    baseline_answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    baseline_first INTEGER NOT NULL CHECK (baseline_first IN (0, 1)),
    parse_status TEXT NOT NULL CHECK (parse_status IN ('ok', 'unparsed')),
    candidate_score REAL,
    baseline_score REAL,
    judge_model TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    reply TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    latency_ms REAL NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (parse_status = 'unparsed' OR (candidate_score IS NOT NULL AND baseline_score IS NOT NULL))
  );
  CREATE INDEX judgments_candidate ON judgments (candidate_answer_id);
  CREATE INDEX judgments_baseline ON judgments (baseline_answer_id);
  CREATE TABLE judge_batches (
    batch_id TEXT PRIMARY KEY,
    input_file_id TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    judge_model TEXT NOT NULL,
    tasks TEXT NOT NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT
  );
  -- Every score a reviewer gave an answer version; the current row is their latest, older rows
  -- are the history of their edits. One reviewer's rows never touch another's.
  CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    reviewer TEXT NOT NULL CHECK (reviewer <> ''),
    score REAL NOT NULL CHECK (score BETWEEN 1 AND 10),
    note TEXT,
    at TEXT NOT NULL,
    is_current INTEGER NOT NULL CHECK (is_current IN (0, 1))
  );
  CREATE UNIQUE INDEX reviews_one_current ON reviews (answer_id, reviewer) WHERE is_current = 1;
  CREATE TABLE flags (
    id INTEGER PRIMARY KEY,
    answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN (${kinds})),
    source TEXT NOT NULL CHECK (source IN ('detector', 'human')),
    status TEXT NOT NULL CHECK (status IN ('suggested', 'confirmed', 'rejected')),
    evidence TEXT,
    note TEXT,
    who TEXT NOT NULL,
    at TEXT NOT NULL,
    UNIQUE (answer_id, kind)
  );
  -- Each state a flag has been in, oldest first (the flags row is the latest).
  CREATE TABLE flag_history (
    id INTEGER PRIMARY KEY,
    flag_id INTEGER NOT NULL REFERENCES flags(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    note TEXT,
    who TEXT NOT NULL,
    at TEXT NOT NULL
  );
  -- Append-only: no foreign keys (it outlives what it describes) and triggers refuse any change.
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    set_name TEXT,
    detail TEXT NOT NULL
  );
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
