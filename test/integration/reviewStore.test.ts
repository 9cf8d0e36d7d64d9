// The review store on real SQLite files: migrations and refusals, idempotent imports, answer
// versions that keep their judgments and reviews, reviewers who never overwrite each other, the
// append-only audit log, a writer killed with SIGKILL mid-loop, and two processes writing at once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openReviewDatabase, ReviewDatabaseError } from '../../extension/store/database';
import { SCHEMA_VERSION } from '../../extension/store/migrations';
import { ReviewStore } from '../../extension/store/reviewStore';
import { snapshot } from '../../extension/store/setQueries';
import type { AnswerImportRow } from '../../extension/core/review/answerImport';
import type { JudgmentRecord } from '../../extension/core/review/types';

const root = join(__dirname, '..', '..');
const tmp = () => mkdtempSync(join(tmpdir(), 'lexreview-store-'));

function rows(models: string[], questions: number, answer = (q: number, m: string) => `${m} 对问题 ${q} 的回答`): AnswerImportRow[] {
  const out: AnswerImportRow[] = [];
  for (const model of models) {
    for (let q = 1; q <= questions; q++) {
      out.push({ questionKey: `q${q}`, keyedBy: 'id', question: `问题 ${q}`, model, answer: answer(q, model), location: { file: 'answers.jsonl', line: out.length + 1, record: out.length } });
    }
  }
  return out;
}

const count = (store: ReviewStore, table: string) => store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

function judgment(store: ReviewStore, set: string, q: string, model: string, baseline: string, baselineFirst: boolean): JudgmentRecord {
  return {
    questionKey: q,
    model,
    baseline,
    candidateAnswerId: store.currentAnswerId(set, q, model)!,
    baselineAnswerId: store.currentAnswerId(set, q, baseline)!,
    baselineFirst,
    parseStatus: 'ok',
    candidateScore: 8,
    baselineScore: 7,
    judgeModel: 'gpt-3.5-turbo',
    endpoint: 'http://localhost/v1',
    promptVersion: 'v1',
    reply: '7 8\n理由',
    promptTokens: 100,
    completionTokens: 20,
    latencyMs: 200,
  };
}

describe('opening a store file', () => {
  it('migrates an empty file, and reopens it without migrating again', () => {
    const path = join(tmp(), 'nested', 'dir', 'review.db');
    const store = ReviewStore.open(path);
    assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(store.db.pragma('foreign_keys', { simple: true }), 1);
    assert.ok((store.db.pragma('busy_timeout', { simple: true }) as number) >= 5000);
    store.importAnswers(rows(['a'], 2), { set: 's' });
    store.close();
    const again = ReviewStore.open(path);
    assert.equal(again.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'migrate'").pluck().get(), SCHEMA_VERSION);
    assert.equal(again.listSets()[0].answers, 2);
    again.close();
  });

  it('refuses a file whose schema is newer than the code, and leaves its bytes unchanged', () => {
    const path = join(tmp(), 'review.db');
    ReviewStore.open(path).close();
    const raw = new Database(path);
    raw.pragma('journal_mode = DELETE'); // one file holds everything, so "unchanged" is one comparison
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = readFileSync(path);
    assert.throws(() => openReviewDatabase(path), (e: unknown) => e instanceof ReviewDatabaseError && /schema version 2 is newer than this LexReview knows \(1\).*left unchanged/.test((e as Error).message));
    assert.throws(() => openReviewDatabase(path, { readonly: true }), ReviewDatabaseError);
    assert.deepEqual(readFileSync(path), before);
  });

  it('refuses a file that is not SQLite, and a SQLite file of another application, with the path in the message', () => {
    const dir = tmp();
    const text = join(dir, 'notes.db');
    writeFileSync(text, 'question,model,answer\n');
    assert.throws(() => openReviewDatabase(text), new RegExp(`^ReviewDatabaseError: ${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a SQLite database`));
    assert.equal(readFileSync(text, 'utf8'), 'question,model,answer\n');
    const other = join(dir, 'other.db');
    const raw = new Database(other);
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    const before = readFileSync(other);
    assert.throws(() => openReviewDatabase(other), /a SQLite database of another application \(tables: t\)/);
    assert.deepEqual(readFileSync(other), before);
  });
});

describe('importing answers', () => {
  it('re-importing the same rows changes nothing and writes no audit row', () => {
    const store = ReviewStore.open(join(tmp(), 'review.db'));
    const first = store.importAnswers(rows(['chatglm_baseline', 'law_batch128_epoch3_vicuna'], 16), { set: 'law16', file: 'a.jsonl' });
    assert.equal(first.answersAdded, 32);
    assert.equal(first.questionsAdded, 16);
    assert.deepEqual(first.modelsAdded, ['chatglm_baseline', 'law_batch128_epoch3_vicuna']);
    const counts = ['questions', 'answers', 'models', 'audit_log'].map((t) => count(store, t));
    const second = store.importAnswers(rows(['chatglm_baseline', 'law_batch128_epoch3_vicuna'], 16), { set: 'law16', file: 'a.jsonl' });
    assert.deepEqual({ ...second, unchanged: 0, rows: 0 }, { ...first, questionsAdded: 0, modelsAdded: [], answersAdded: 0, unchanged: 0, rows: 0 });
    assert.equal(second.unchanged, 32);
    assert.deepEqual(['questions', 'answers', 'models', 'audit_log'].map((t) => count(store, t)), counts);
    const snap = store.snapshot('law16');
    assert.deepEqual(
      snap.models.find((m) => m.name === 'law_batch128_epoch3_vicuna')?.attributes,
      { dataset: 'law', batchSize: 128, epoch: 3, template: 'vicuna' },
    );
    assert.deepEqual(snap.questions.map((q) => q.ordinal), [...Array(16).keys()]);
    assert.equal(snap.questions[0].category, 'legal');
    store.close();
  });

  it('a changed answer becomes a new version; its judgments and reviews stay on the old one', () => {
    const store = ReviewStore.open(join(tmp(), 'review.db'));
    const models = ['base', 'cand'];
    store.importAnswers(rows(models, 3), { set: 's' });
    const oldId = store.currentAnswerId('s', 'q1', 'cand')!;
    store.saveJudgment('k1', judgment(store, 's', 'q1', 'cand', 'base', true));
    store.saveReview({ set: 's', questionKey: 'q1', model: 'cand', reviewer: 'li', score: 6 });
    store.setFlag({ answerId: oldId, kind: 'repetition', source: 'detector', status: 'suggested', evidence: { span: [0, 4] }, who: 'repetition-detector' });
    assert.equal(store.snapshot('s').judgments.length, 1);

    const changed = store.importAnswers(rows(models, 3, (q, m) => (q === 1 && m === 'cand' ? '改过的回答' : `${m} 对问题 ${q} 的回答`)), { set: 's' });
    assert.deepEqual([changed.newVersions, changed.unchanged, changed.answersAdded], [1, 5, 0]);
    const newId = store.currentAnswerId('s', 'q1', 'cand')!;
    assert.notEqual(newId, oldId);
    const snap = store.snapshot('s');
    assert.equal(snap.answers.length, 6);
    assert.deepEqual(snap.answers.find((a) => a.answerId === newId), { answerId: newId, questionKey: 'q1', model: 'cand', text: '改过的回答', version: 2 });
    assert.equal(snap.judgments.length, 0, 'the judgment was made on version 1');
    assert.equal(snap.reviews.length, 0);
    assert.equal(snap.flags.length, 0);
    // Still there, on the old version.
    assert.equal(store.db.prepare('SELECT count(*) FROM judgments WHERE candidate_answer_id = ?').pluck().get(oldId), 1);
    assert.equal(store.reviewHistory(oldId).length, 1);
    assert.deepEqual(store.flagHistory(oldId).map((h) => h.status), ['suggested']);

    // Going back to the old text makes version 1 current again, with what was made on it.
    const back = store.importAnswers(rows(models, 3), { set: 's' });
    assert.deepEqual([back.restored, back.newVersions], [1, 0]);
    assert.equal(store.currentAnswerId('s', 'q1', 'cand'), oldId);
    const restored = store.snapshot('s');
    assert.equal(restored.judgments.length, 1);
    assert.equal(restored.reviews[0].score, 6);
    assert.deepEqual(restored.flags[0].evidence, { span: [0, 4] });
    store.close();
  });

  it('a failing import leaves nothing behind (one transaction)', () => {
    const store = ReviewStore.open(join(tmp(), 'review.db'));
    const bad = rows(['a'], 3);
    bad.push({ ...bad[0], answer: 'another', location: { file: 'answers.jsonl', line: 9, record: 8 } });
    assert.throws(() => store.importAnswers(bad, { set: 's', file: 'answers.jsonl' }), /answers\.jsonl:9:1: record 9: a second answer of model "a" to question "q1" \(the first is on line 1\)/);
    const texts = rows(['a', 'b'], 1);
    texts[1] = { ...texts[1], question: '另一个文本' };
    assert.throws(() => store.importAnswers(texts, { set: 's' }), /answers\.jsonl:2:1: record 2: question "q1" has another text on line 1/);
    assert.deepEqual([count(store, 'eval_sets'), count(store, 'answers'), count(store, 'audit_log')], [0, 0, 1]);
    store.close();
  });

  it('questions keyed by text join questions of the set with the same text; categories and references update', () => {
    const store = ReviewStore.open(join(tmp(), 'review.db'));
    store.importAnswers(rows(['a'], 2), { set: 's' });
    const loc = { file: 'p.jsonl', line: 1, record: 0 };
    const r = store.importAnswers([{ questionKey: 'tabc', keyedBy: 'text', question: '问题 2', model: 'b', answer: 'x', category: 'general', reference: 'ref', location: loc }], { set: 's' });
    assert.deepEqual([r.questionsAdded, r.questionsUpdated, r.answersAdded], [0, 1, 1]);
    const q2 = store.snapshot('s').questions.find((q) => q.key === 'q2');
    assert.deepEqual(q2, { key: 'q2', text: '问题 2', category: 'general', reference: 'ref', ordinal: 1 });
    store.close();
  });

  it('lists sets with their counts, and deletes one with all that was made on it (the audit log keeps the record)', () => {
    const store = ReviewStore.open(join(tmp(), 'review.db'));
    store.importAnswers(rows(['base', 'cand'], 4), { set: 'one' });
    store.importAnswers(rows(['x'], 2), { set: 'two' });
    store.saveJudgment('k', judgment(store, 'one', 'q1', 'cand', 'base', false));
    store.saveReview({ set: 'one', questionKey: 'q2', model: 'base', reviewer: 'wang', score: 9 });
    store.saveReview({ set: 'one', questionKey: 'q2', model: 'base', reviewer: 'li', score: 8 });
    const [one, two] = store.listSets();
    assert.deepEqual({ ...one, createdAt: '' }, { name: 'one', createdAt: '', questions: 4, models: 2, answers: 8, judged: 1, reviewed: 1 });
    assert.deepEqual([two.name, two.questions, two.answers, two.judged], ['two', 2, 2, 0]);
    assert.deepEqual(store.deleteSet('one'), { questions: 4, answers: 8 });
    assert.deepEqual(store.listSets().map((s) => s.name), ['two']);
    assert.deepEqual([count(store, 'judgments'), count(store, 'reviews')], [0, 0]);
    assert.equal(store.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'delete-set' AND set_name = 'one'").pluck().get(), 1);
    assert.throws(() => store.snapshot('one'), /no evaluation set named "one"/);
    store.close();
  });
});

describe('judgments', () => {
  it('are saved once per cache key; a mis-filed judgment is refused; batches resume until finished', () => {
    const store = ReviewStore.open(join(tmp(), 'review.db'));
    store.importAnswers(rows(['base', 'cand'], 2), { set: 's' });
    const j = judgment(store, 's', 'q1', 'cand', 'base', true);
    assert.equal(store.hasJudgment('key'), false);
    assert.equal(store.saveJudgment('key', j), true);
    assert.equal(store.saveJudgment('key', { ...j, candidateScore: 1 }), false);
    assert.equal(store.hasJudgment('key'), true);
    assert.deepEqual(store.snapshot('s').judgments, [j]);
    const unparsed = { ...j, baselineFirst: false, parseStatus: 'unparsed' as const, candidateScore: undefined, baselineScore: undefined, reply: 'garbage' };
    store.saveJudgment('key2', unparsed);
    assert.equal(store.snapshot('s').judgments[1].parseStatus, 'unparsed');
    assert.equal('candidateScore' in store.snapshot('s').judgments[1], false);
    assert.throws(() => store.saveJudgment('key3', { ...j, questionKey: 'q2' }), /do not match/);
    store.saveJudgeBatch({ batchId: 'b1', inputFileId: 'f1', endpoint: 'e', judgeModel: 'm', tasks: { 'c-1': { q: 'q1' } }, createdAt: '2026-01-01T00:00:00Z' });
    assert.deepEqual(store.pendingJudgeBatches(), [{ batchId: 'b1', inputFileId: 'f1', endpoint: 'e', judgeModel: 'm', tasks: { 'c-1': { q: 'q1' } }, createdAt: '2026-01-01T00:00:00Z' }]);
    store.finishJudgeBatch('b1');
    assert.deepEqual(store.pendingJudgeBatches(), []);
    store.close();
  });
});

describe('human reviews and flags', () => {
  it("a reviewer's edit keeps the old score as history and never touches another reviewer's", () => {
    const store = ReviewStore.open(join(tmp(), 'review.db'));
    store.importAnswers(rows(['m'], 1), { set: 's' });
    const at = (t: string) => `2026-12-01T10:00:0${t}Z`;
    store.saveReview({ set: 's', questionKey: 'q1', model: 'm', reviewer: 'li', score: 4, note: '太短', at: at('1') });
    store.saveReview({ set: 's', questionKey: 'q1', model: 'm', reviewer: 'wang', score: 9, at: at('2') });
    assert.equal(store.saveReview({ set: 's', questionKey: 'q1', model: 'm', reviewer: 'li', score: 7, note: '再读一遍，还行', at: at('3') }).changed, true);
    assert.equal(store.saveReview({ set: 's', questionKey: 'q1', model: 'm', reviewer: 'li', score: 7, note: '再读一遍，还行', at: at('4') }).changed, false);
    const reviews = store.snapshot('s').reviews.map((r) => [r.reviewer, r.score, r.note]);
    assert.deepEqual(reviews, [['wang', 9, undefined], ['li', 7, '再读一遍，还行']]);
    const id = store.currentAnswerId('s', 'q1', 'm')!;
    assert.deepEqual(store.reviewHistory(id), [
      { reviewer: 'li', score: 4, note: '太短', at: at('1'), current: false },
      { reviewer: 'wang', score: 9, at: at('2'), current: true },
      { reviewer: 'li', score: 7, note: '再读一遍，还行', at: at('3'), current: true },
    ]);
    assert.throws(() => store.saveReview({ set: 's', questionKey: 'q1', model: 'm', reviewer: 'li', score: 11 }), /from 1 to 10/);
    assert.throws(() => store.saveReview({ set: 's', questionKey: 'q9', model: 'm', reviewer: 'li', score: 5 }), /no answer of model "m" to question "q9"/);
    // The database itself refuses a second current row for one reviewer, whatever code writes.
    assert.throws(() => store.db.prepare("INSERT INTO reviews (answer_id, reviewer, score, at, is_current) VALUES (?, 'li', 5, 'now', 1)").run(id), /UNIQUE/);
    store.close();
  });

  it('flag status changes are kept as history; unknown kinds are refused', () => {
    const store = ReviewStore.open(join(tmp(), 'review.db'));
    store.importAnswers(rows(['m'], 1), { set: 's' });
    const answerId = store.currentAnswerId('s', 'q1', 'm')!;
    assert.equal(store.setFlag({ answerId, kind: 'leakage', source: 'detector', status: 'suggested', evidence: { record: 17 }, who: 'leakage-index' }), true);
    assert.equal(store.setFlag({ answerId, kind: 'leakage', source: 'human', status: 'confirmed', note: '训练集原文', who: 'li' }), true);
    assert.equal(store.setFlag({ answerId, kind: 'leakage', source: 'human', status: 'confirmed', who: 'li' }), false);
    const [flag] = store.snapshot('s').flags;
    assert.deepEqual(flag, { answerId, questionKey: 'q1', model: 'm', kind: 'leakage', source: 'detector', status: 'confirmed', evidence: { record: 17 }, note: '训练集原文', who: 'li' });
    assert.deepEqual(store.flagHistory(answerId).map((h) => [h.status, h.who]), [['suggested', 'leakage-index'], ['confirmed', 'li']]);
    assert.throws(() => store.setFlag({ answerId, kind: 'typo' as never, source: 'human', status: 'confirmed', who: 'li' }), /unknown flag kind "typo"/);
    store.close();
  });

  it('undo: a retracted review leaves none current and keeps its row; a retracted flag is gone, its states in the audit log', () => {
    const store = ReviewStore.open(join(tmp(), 'review.db'), { actor: 'panel' });
    store.importAnswers(rows(['base', 'cand'], 1), { set: 's' });
    const id = store.currentAnswerId('s', 'q1', 'cand')!;
    assert.equal(store.currentReview(id, 'li'), undefined);
    store.saveReview({ set: 's', questionKey: 'q1', model: 'cand', reviewer: 'li', score: 8, note: '好' });
    store.saveReview({ set: 's', questionKey: 'q1', model: 'cand', reviewer: 'wang', score: 3 });
    assert.deepEqual(store.currentReview(id, 'li'), { score: 8, note: '好' });
    assert.equal(store.retractReview(id, 'li'), true);
    assert.equal(store.retractReview(id, 'li'), false, 'nothing left to take back');
    assert.equal(store.currentReview(id, 'li'), undefined);
    assert.deepEqual(store.snapshot('s').reviews.map((r) => [r.reviewer, r.score]), [['wang', 3]], "the other reviewer's review stays");
    assert.deepEqual(store.reviewHistory(id).map((h) => [h.reviewer, h.score, h.current]), [['li', 8, false], ['wang', 3, true]]);
    const retracted = store.db.prepare("SELECT actor, set_name, detail FROM audit_log WHERE action = 'retract-review'").all() as Array<{ actor: string; set_name: string; detail: string }>;
    assert.deepEqual(retracted.map((r) => [r.actor, r.set_name, JSON.parse(r.detail)]), [['panel', 's', { answerId: id, reviewer: 'li', score: 8, note: '好' }]]);
    // A score again after the retraction is an ordinary new current review.
    store.saveReview({ set: 's', questionKey: 'q1', model: 'cand', reviewer: 'li', score: 6 });
    assert.deepEqual(store.currentReview(id, 'li'), { score: 6 });

    assert.equal(store.flagState(id, 'repetition'), undefined);
    store.setFlag({ answerId: id, kind: 'repetition', source: 'human', status: 'confirmed', who: 'li' });
    store.setFlag({ answerId: id, kind: 'repetition', source: 'human', status: 'rejected', who: 'li' });
    assert.deepEqual(store.flagState(id, 'repetition'), { source: 'human', status: 'rejected' });
    assert.equal(store.retractFlag(id, 'repetition', 'li'), true);
    assert.equal(store.retractFlag(id, 'repetition', 'li'), false);
    assert.equal(store.flagState(id, 'repetition'), undefined);
    assert.deepEqual(store.snapshot('s').flags, []);
    assert.equal(count(store, 'flag_history'), 0);
    const [flagAudit] = store.db.prepare("SELECT detail FROM audit_log WHERE action = 'retract-flag'").pluck().all() as string[];
    const detail = JSON.parse(flagAudit) as { kind: string; status: string; history: Array<{ status: string; who: string }> };
    assert.equal(detail.kind, 'repetition');
    assert.equal(detail.status, 'rejected');
    assert.deepEqual(detail.history.map((h) => [h.status, h.who]), [['confirmed', 'li'], ['rejected', 'li']]);
    store.close();
  });

  it('imports reviews resolved by key or text, all or nothing, and exports what it reads back', () => {
    const store = ReviewStore.open(join(tmp(), 'review.db'));
    store.importAnswers(rows(['base', 'cand'], 3), { set: 's' });
    const loc = (line: number) => ({ file: 'r.csv', line, record: line - 2 });
    const bad = [
      { question: 'q1', model: 'cand', score: 7, flags: [], location: loc(2) },
      { question: '没有这个问题', model: 'cand', score: 7, flags: [], location: loc(3) },
    ];
    assert.throws(() => store.importReviews(bad, { set: 's', reviewer: 'li' }), /r\.csv:3:1: record 2: column "question": set "s" has no question with this key or text/);
    assert.equal(count(store, 'reviews'), 0);
    const good = [
      { question: 'q1', model: 'cand', score: 7, flags: [], note: '好', location: loc(2) },
      { question: '问题 2', model: 'base', score: 3, flags: ['repetition' as const, 'truncation' as const], location: loc(3) },
    ];
    assert.deepEqual(store.importReviews(good, { set: 's', reviewer: 'li' }), { set: 's', rows: 2, changed: 2, unchanged: 0, flagsSet: 2 });
    assert.deepEqual(store.importReviews(good, { set: 's', reviewer: 'li' }), { set: 's', rows: 2, changed: 0, unchanged: 2, flagsSet: 0 });
    const exported = store.exportReviews('s').map(({ at: _at, ...r }) => r);
    assert.deepEqual(exported, [
      { question: 'q1', model: 'cand', reviewer: 'li', score: 7, flags: [], note: '好', version: 1 },
      { question: 'q2', model: 'base', reviewer: 'li', score: 3, flags: ['repetition', 'truncation'], version: 1 },
    ]);
    store.close();
  });
});

describe('snapshots read after writes (the answer part is kept while only reviews and flags change)', () => {
  it('equal a snapshot read afresh after every kind of write, by this connection or another', () => {
    const path = join(tmp(), 'review.db');
    const store = ReviewStore.open(path, { actor: 'extension' });
    const other = ReviewStore.open(path, { actor: 'cli' });
    const same = (what: string) => assert.deepEqual(store.snapshot('s'), snapshot(store.db, 's'), what);
    store.importAnswers(rows(['base', 'cand'], 3), { set: 's' });
    same('after an import');
    const id = () => store.currentAnswerId('s', 'q1', 'cand')!;
    store.saveReview({ set: 's', questionKey: 'q1', model: 'cand', reviewer: 'li', score: 6 });
    same('after a review');
    store.setFlag({ answerId: id(), kind: 'repetition', source: 'human', status: 'confirmed', who: 'li' });
    same('after a flag');
    store.saveJudgment('k1', judgment(store, 's', 'q1', 'cand', 'base', true));
    same('after a judgment by this connection');
    other.saveJudgment('k2', judgment(other, 's', 'q1', 'cand', 'base', false));
    same('after a judgment by another connection');
    other.saveReview({ set: 's', questionKey: 'q2', model: 'cand', reviewer: 'wang', score: 3 });
    same('after a review by another connection');
    other.importAnswers(rows(['cand'], 3, (q) => `新版本的回答 ${q}`), { set: 's' });
    same('after new answer versions from another connection');
    store.replaceDetectorSuggestions('s', ['repetition@1'], [{ answerId: id(), kind: 'truncation', detector: 'repetition@1', evidence: { detector: 'repetition', severity: 'high', findings: [] } as never }]);
    same('after detector suggestions');
    store.importReviews([{ question: 'q3', model: 'cand', score: 8, flags: ['leakage'], location: { file: 'r.csv', line: 2, record: 0 } }], { set: 's', reviewer: 'li' });
    same('after imported reviews');
    store.db.prepare("UPDATE questions SET category = 'criminal' WHERE key = 'q2'").run();
    same('after a statement run straight on the database');
    store.retractFlag(id(), 'repetition', 'li');
    store.retractReview(store.currentAnswerId('s', 'q3', 'cand')!, 'li');
    same('after retractions');
    store.importAnswers(rows(['base', 'third'], 2), { set: 's' });
    same('after a model added');
    store.deleteSet('s');
    store.importAnswers(rows(['base', 'cand'], 1, (q) => `重建 ${q}`), { set: 's' });
    same('after the set was deleted and made again');
    store.close();
    other.close();
  });

  it('share the answer records until something but a review or a flag is written, and those records cannot be changed', () => {
    const store = ReviewStore.open(join(tmp(), 'review.db'));
    store.importAnswers(rows(['base', 'cand'], 2), { set: 's' });
    const first = store.snapshot('s');
    store.saveReview({ set: 's', questionKey: 'q1', model: 'cand', reviewer: 'li', score: 6 });
    const second = store.snapshot('s');
    assert.equal(second.answers[0], first.answers[0], 'a review leaves the answers as they were read');
    assert.notEqual(second.answers, first.answers, 'each snapshot has arrays of its own');
    assert.equal(second.reviews.length, 1);
    assert.throws(() => {
      (second.answers[0] as { text: string }).text = 'changed';
    }, TypeError);
    store.saveJudgment('k1', judgment(store, 's', 'q1', 'cand', 'base', true));
    const third = store.snapshot('s');
    assert.notEqual(third.answers[0], first.answers[0], 'a judgment makes the next snapshot read the set again');
    assert.equal(third.judgments.length, 1);
    store.close();
  });
});

describe('the audit log', () => {
  it('records every write and refuses UPDATE and DELETE', () => {
    const store = ReviewStore.open(join(tmp(), 'review.db'), { actor: 'test' });
    store.importAnswers(rows(['m'], 1), { set: 's' });
    store.saveReview({ set: 's', questionKey: 'q1', model: 'm', reviewer: 'li', score: 5 });
    const actions = store.db.prepare("SELECT action FROM audit_log WHERE actor = 'test' ORDER BY id").pluck().all();
    assert.deepEqual(actions, ['import-answers', 'review']);
    assert.throws(() => store.db.prepare("UPDATE audit_log SET actor = 'x'").run(), /audit_log is append-only/);
    assert.throws(() => store.db.prepare('DELETE FROM audit_log').run(), /audit_log is append-only/);
    store.close();
  });
});

interface Writer {
  /** Resolves once the writer has opened the store. */
  ready: Promise<void>;
  /** Lets it start writing. */
  go(): void;
  done: Promise<{ code: number | null; signal: string | null; last: number; stderr: string }>;
}

/** Starts the writer fixture: it writes once told to go, and reports the committed counts it printed. */
function writer(args: string[], onCount?: (n: number, kill: () => void) => void): Writer {
  let ready!: () => void;
  const readyPromise = new Promise<void>((r) => (ready = r));
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'integration', 'fixtures', 'reviewWriter.ts'), ...args], { cwd: root });
  let last = 0;
  let stderr = '';
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const l of lines) {
      if (l === 'ready') {
        ready();
        continue;
      }
      last = Number(l);
      onCount?.(last, () => child.kill('SIGKILL'));
    }
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const done = new Promise<Awaited<Writer['done']>>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, last, stderr })));
  return { ready: readyPromise, go: () => child.stdin.write('go\n'), done };
}

describe('crashes and concurrent writers', () => {
  const PER = 5;

  it('a writer killed with SIGKILL mid-loop leaves an intact file with every committed transaction, whole', async () => {
    const path = join(tmp(), 'review.db');
    const seed = ReviewStore.open(path);
    seed.importAnswers(rows(['m'], PER), { set: 's' });
    seed.close();
    const w = writer([path, 's', 'w', 'forever', String(PER)], (n, kill) => {
      if (n === 150) kill();
    });
    await w.ready;
    w.go();
    const r = await w.done;
    assert.equal(r.signal, 'SIGKILL', r.stderr);
    const store = ReviewStore.open(path);
    assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
    const perReviewer = store.db.prepare('SELECT reviewer, count(*) AS n FROM reviews GROUP BY reviewer').all() as Array<{ reviewer: string; n: number }>;
    assert.ok(perReviewer.length >= r.last, `${perReviewer.length} transactions in the file, ${r.last} reported committed`);
    for (const { reviewer, n } of perReviewer) assert.equal(n, PER, `transaction ${reviewer} is whole`);
    assert.equal(store.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'review'").pluck().get(), perReviewer.length * PER);
    store.close();
  });

  it('two processes writing one file at once both finish, with every row', async () => {
    const path = join(tmp(), 'review.db');
    const seed = ReviewStore.open(path);
    seed.importAnswers(rows(['m'], PER), { set: 's' });
    seed.close();
    const N = 150;
    const writers = [writer([path, 's', 'a', String(N), String(PER), '1']), writer([path, 's', 'b', String(N), String(PER), '1'])];
    await Promise.all(writers.map((w) => w.ready));
    for (const w of writers) w.go();
    const [a, b] = await Promise.all(writers.map((w) => w.done));
    assert.deepEqual([a.code, b.code, a.last, b.last], [0, 0, N, N], a.stderr + b.stderr);
    const store = ReviewStore.open(path);
    assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal(count(store, 'reviews'), 2 * N * PER);
    assert.equal(store.db.prepare('SELECT count(DISTINCT reviewer) FROM reviews').pluck().get(), 2 * N);
    // The two really wrote at the same time: their commits interleave in the audit log.
    const actors = store.db.prepare("SELECT actor FROM audit_log WHERE action = 'review' ORDER BY id").pluck().all() as string[];
    const switches = actors.filter((x, i) => i > 0 && x !== actors[i - 1]).length;
    assert.ok(switches >= 2, `the writers' commits switch ${switches} time(s)`);
    store.close();
  });
});
