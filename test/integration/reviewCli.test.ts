// The `import` and `reviews` commands (runImport, runReviews) on real files and a real store in a
// temp dir: the demo answers, an idempotent re-import, a changed file, a bad file that imports
// nothing, reviews in and out, and the exit codes (0 fine, 1 data problems, 2 usage).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbPath, DEFAULT_DB } from '../../extension/cli/dbOption';
import { parseArgs } from '../../extension/cli/args';
import { ReviewStore } from '../../extension/store/reviewStore';

const root = join(__dirname, '..', '..');

/** Runs `lexreview import|reviews …` in its own process (test/integration/fixtures/reviewCommands.ts). */
function run(command: 'import' | 'reviews', ...argv: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test', 'integration', 'fixtures', 'reviewCommands.ts'), command, ...argv], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lexreview import / reviews', async () => {
  // @ts-expect-error: a plain .mjs script without types
  const { sampleAnswers } = (await import('../../scripts/demo-workspace.mjs')) as { sampleAnswers(): Array<Record<string, string>> };
  const dir = mkdtempSync(join(tmpdir(), 'lexreview-cli-review-'));
  const db = join(dir, 'review.db');
  const answers = join(dir, 'answers_sample.jsonl');
  writeFileSync(answers, sampleAnswers().map((r) => JSON.stringify(r)).join('\n') + '\n');

  it('imports the demo answers into a set named after the file, then re-imports them unchanged', () => {
    const first = run('import', answers, '--db', db);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(
      first.stdout.trim(),
      'answers_sample: 48 answer(s) read (long layout): 16 question(s) added, 48 answer(s) added, 0 new version(s), 0 unchanged; ' +
        'new model(s): chatglm_baseline, law_batch128_epoch3_vicuna, law_batch128_epoch6_penalty1.2_vicuna',
    );
    const again = run('import', answers, '--db', db);
    assert.equal(again.stdout.trim(), 'answers_sample: 48 answer(s) read (long layout): 0 question(s) added, 0 answer(s) added, 0 new version(s), 48 unchanged');
    const store = ReviewStore.open(db);
    assert.deepEqual(store.listSets().map((s) => [s.name, s.questions, s.models, s.answers]), [['answers_sample', 16, 3, 48]]);
    store.close();
  });

  it('a changed answer is a new version; --set and --category apply', () => {
    const rows = sampleAnswers();
    rows[0].answer += '（修订）';
    const changed = join(dir, 'changed.jsonl');
    // Without a category column, so that --category decides (the 14 legal ones become general).
    writeFileSync(changed, rows.map(({ category: _, ...r }) => JSON.stringify(r)).join('\n'));
    const r = run('import', changed, '--set', 'answers_sample', '--category', 'general', '--db', db);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /14 question\(s\) updated, 0 answer\(s\) added, 1 new version\(s\), 47 unchanged/);
    const store = ReviewStore.open(db);
    const snap = store.snapshot('answers_sample');
    assert.ok(snap.questions.every((q) => q.category === 'general'));
    assert.equal(snap.answers.find((a) => a.questionKey === rows[0].id && a.model === rows[0].model)?.version, 2);
    store.close();
  });

  it('a bad file prints every located problem, exits 1 and imports nothing', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'question,model_a\n"ok",fine\n"broken,x\n');
    const r = run('import', bad, '--set', 'bad', '--db', db);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:1: not valid CSV`));
    assert.match(r.stderr, /nothing was imported/);
    const store = ReviewStore.open(db);
    assert.deepEqual(store.listSets().map((s) => s.name), ['answers_sample']);
    store.close();
  });

  it('reviews import and export round-trip, CSV and JSONL', () => {
    const reviews = join(dir, 'reviews.csv');
    writeFileSync(reviews, 'question,model,score,flags,note\nq01,law_batch128_epoch3_vicuna,8,,"清楚, 完整"\nq02,chatglm_baseline,3,repetition;runon,\n');
    const imported = run('reviews', 'import', reviews, '--set', 'answers_sample', '--reviewer', 'li', '--db', db);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(imported.stdout.trim(), 'answers_sample: 2 review(s) read: 2 saved, 0 unchanged, 2 flag(s) set');
    const csv = run('reviews', 'export', '--set', 'answers_sample', '--db', db);
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.split('\r\n');
    assert.equal(lines[0], 'question,model,reviewer,score,flags,note,at,version');
    assert.match(lines[1], /^q01,law_batch128_epoch3_vicuna,li,8,,"清楚, 完整",\d{4}-.*Z,1$/);
    assert.match(lines[2], /^q02,chatglm_baseline,li,3,repetition;runon,,/);
    // The export reads back as the same reviews: nothing changes.
    const exported = join(dir, 'exported.csv');
    writeFileSync(exported, csv.stdout);
    const back = run('reviews', 'import', exported, '--set', 'answers_sample', '--db', db);
    assert.equal(back.stdout.trim(), 'answers_sample: 2 review(s) read: 0 saved, 2 unchanged, 0 flag(s) set');
    const jsonl = run('reviews', 'export', '--set', 'answers_sample', '--format', 'jsonl', '--db', db);
    const parsed = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(parsed.map((r) => [r.question, r.model, r.reviewer, r.score, r.flags]), [
      ['q01', 'law_batch128_epoch3_vicuna', 'li', 8, []],
      ['q02', 'chatglm_baseline', 'li', 3, ['repetition', 'runon']],
    ]);
  });

  it('reviews that name an unknown question or set exit 1 and save nothing', () => {
    const reviews = join(dir, 'unknown.jsonl');
    writeFileSync(reviews, '{"question":"q01","model":"chatglm_baseline","score":5}\n{"question":"q99","model":"chatglm_baseline","score":5}\n');
    const r = run('reviews', 'import', reviews, '--set', 'answers_sample', '--reviewer', 'wang', '--db', db);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown\.jsonl:2:1: record 2: column "question": set "answers_sample" has no question with this key or text: "q99"/);
    const noSet = run('reviews', 'export', '--set', 'nope', '--db', db);
    assert.deepEqual([noSet.code, noSet.stderr.trim()], [1, 'lexreview: no evaluation set named "nope"']);
    const store = ReviewStore.open(db);
    assert.equal(store.snapshot('answers_sample').reviews.filter((x) => x.reviewer === 'wang').length, 0);
    store.close();
  });

  it('usage errors: no file, no --set for reviews, an unknown subcommand or format', () => {
    const usage = (r: ReturnType<typeof run>, message: RegExp) => {
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    };
    usage(run('import'), /import takes one answers file/);
    usage(run('import', answers, '--sett', 'x'), /Unknown option --sett/);
    usage(run('reviews', 'import', answers), /needs --set NAME/);
    usage(run('reviews', 'purge'), /Unknown reviews subcommand 'purge'/);
    usage(run('reviews', 'export', '--set', 's', '--format', 'xml'), /--format is csv or jsonl/);
  });

  it('--db defaults to .lexreview/review.db under the current directory', () => {
    assert.equal(dbPath(parseArgs([], { db: 'value' }), '/work/x'), join('/work/x', DEFAULT_DB));
    assert.equal(dbPath(parseArgs(['--db', 'other.db'], { db: 'value' }), '/work/x'), '/work/x/other.db');
  });

  it('a database file that is not SQLite is a data problem (exit 1), not a stack trace', () => {
    const notDb = join(dir, 'not.db');
    writeFileSync(notDb, 'hello');
    const r = run('import', answers, '--db', notDb);
    assert.deepEqual([r.code, r.stderr.trim()], [1, `lexreview: ${notDb}: not a SQLite database (its first bytes are not "SQLite format 3"); point --db at another file or move this one away`]);
  });
});
