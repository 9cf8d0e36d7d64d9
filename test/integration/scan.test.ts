// `lexreview scan` in its own process on real files and a real SQLite store: the demo answers
// against a training file, the findings printed with their evidence and as JSON, the exit codes
// (0, 1 for a --fail-on kind, 2 for bad input), and --set writing suggested flags that a re-run
// replaces while every reviewer decision stays.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAnswerFile } from '../../extension/core/review/answerImport';
import { ReviewStore } from '../../extension/store/reviewStore';
import { trainingRecords } from '../unit/qualityFixture';

const root = join(__dirname, '..', '..');

function runScan(argv: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test', 'integration', 'fixtures', 'scanCommand.ts'), ...argv], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lexreview scan', async () => {
  // @ts-expect-error: a plain .mjs script without types
  const { sampleAnswers, DEFECTS } = (await import('../../scripts/demo-workspace.mjs')) as {
    sampleAnswers(): Array<Record<string, string>>;
    DEFECTS: Record<string, { id: string; model: string }>;
  };
  const dir = mkdtempSync(join(tmpdir(), 'lexreview-scan-'));
  const records = trainingRecords(300, 3);
  const rows = sampleAnswers();
  // One more answer that copies 60 characters of training record 7, and one whose question is training record 9's.
  rows.push({ id: 'q90', question: '借钱不还怎么办？', category: 'legal', model: 'leaky', answer: `您好，${records[7].output.slice(10, 70)}。` });
  rows.push({ id: 'q91', question: records[9].instruction, category: 'legal', model: 'leaky', answer: '建议咨询律师。' });
  const answers = join(dir, 'answers.jsonl');
  writeFileSync(answers, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const train = join(dir, 'train.json');
  writeFileSync(train, JSON.stringify(records, null, 2));
  // The store (and the training index beside it) in the temp dir, in the file mode too.
  const db = join(dir, 'review.db');
  const scan = (argv: string[], env: NodeJS.ProcessEnv = {}) => runScan(argv.includes('--db') ? argv : [...argv, '--db', db], env);

  it('prints every finding with its evidence and exits 0 without --fail-on', () => {
    const r = scan([answers, '--train', train]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout;
    for (const [name, kind] of [['repetition', 'repetition'], ['noStop', 'runon'], ['leakage', 'leakage'], ['truncated', 'truncation']]) {
      const d = DEFECTS[name];
      const block = out.split(/\n(?=\S)/).find((b) => b.startsWith(`${d.id} ${d.model}\n`));
      assert.ok(block, `${name} listed`);
      assert.match(block!, new RegExp(`^  ${kind} \\(`, 'm'));
    }
    assert.match(out, /^q90 leaky\n  leakage \(high, leakage@1\): copies training record\(s\) #7/m);
    assert.match(out, /training record #7 \(output\), \d+ characters shared:/);
    assert.match(out, /^question q91: .*\n  contamination \(high, contamination@1\): the question is in the training set: training record\(s\) #9/m);
    assert.match(out.trim().split('\n').pop()!, /^\d+ of 50 answer\(s\) with findings; 1 question\(s\) in the training set; by kind: /);
  });

  it('exits 1 when a finding of a --fail-on kind exists, and 0 for a kind not found', () => {
    assert.equal(scan([answers, '--train', train, '--fail-on', 'leakage']).code, 1);
    assert.equal(scan([answers, '--train', train, '--fail-on', 'contamination']).code, 1);
    const clean = join(dir, 'clean.jsonl');
    writeFileSync(clean, JSON.stringify({ question: '你好', model: 'm', answer: '您好，这个问题建议咨询当地律师。' }) + '\n');
    assert.equal(scan([clean, '--train', train, '--fail-on', 'leakage,repetition,truncation,runon,contamination']).code, 0);
  });

  it('--json gives the findings with spans, matches and counts', () => {
    const r = scan([answers, '--train', train, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { answers: Array<{ questionKey: string; model: string; findings: Array<{ kind: string; spans: Array<{ start: number; end: number; text: string }>; matches?: Array<{ record: number }> }> }>; counts: Record<string, number> };
    const leak = json.answers.find((a) => a.questionKey === 'q90')!.findings.find((f) => f.kind === 'leakage')!;
    assert.equal(leak.matches![0].record, 7);
    const answer = rows.find((x) => x.id === 'q90')!.answer;
    for (const s of leak.spans) assert.equal(answer.slice(s.start, s.end), s.text);
    assert.ok(json.counts.repetition >= 1 && json.counts.runon >= 1);
  });

  it('exits 2 with a clear message on bad input', () => {
    const missing = scan([answers, '--train', join(dir, 'nope.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file: .*nope\.json/);
    const badKind = scan([answers, '--fail-on', 'loops']);
    assert.equal(badKind.code, 2);
    assert.match(badKind.stderr, /--fail-on must be one of leakage, repetition, truncation, runon, contamination, not 'loops'/);
    const badAnswers = join(dir, 'bad.jsonl');
    writeFileSync(badAnswers, '{"question": "q", "model": "m", "answer": "a"}\n{"question": oops}\n');
    const bad = scan([badAnswers]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.jsonl:2/);
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '[]');
    const noRecords = scan([answers, '--train', empty]);
    assert.equal(noRecords.code, 2);
    assert.match(noRecords.stderr, /no record with text to index/);
    assert.equal(scan(['--set', 'nope', '--db', join(dir, 'none.db')]).code, 2);
    assert.equal(scan([]).code, 2);
  });

  it('speaks Chinese under LANG=zh_CN.UTF-8', () => {
    const r = scan([answers, '--train', train], { LANG: 'zh_CN.UTF-8' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /个回答有问题/);
  });

  it('saves the training index beside the store and loads it while the training file is unchanged', () => {
    const other = join(dir, 'other');
    const first = runScan([answers, '--train', train, '--db', join(other, 'review.db')]);
    assert.match(first.stderr, /training index of .*train\.json \(300 records\) built and saved to .*other\/index\/[0-9a-f]{16}\.lxindex/);
    const second = runScan([answers, '--train', train, '--db', join(other, 'review.db')]);
    assert.match(second.stderr, /\(300 records\) loaded from/);
    assert.equal(second.stdout, first.stdout);
    // A changed training file (one record more) is indexed again, and the new record counts.
    const grown = [...records, { instruction: '新问题', input: '', output: rows.find((x) => x.id === 'q91')!.answer + '这是一条足够长的新的训练记录，用来检查索引是否重建了。' }];
    writeFileSync(train, JSON.stringify(grown, null, 2));
    const third = runScan([answers, '--train', train, '--db', join(other, 'review.db')]);
    assert.match(third.stderr, /\(301 records\) built and saved/);
    writeFileSync(train, JSON.stringify(records, null, 2));
  });

  it('--set writes suggested flags; a re-run replaces its own suggestions and keeps every reviewer decision', async () => {
    const parsed = await readAnswerFile(answers);
    let store = ReviewStore.open(db, { actor: 'test' });
    store.importAnswers(parsed.rows, { set: 'demo' });
    const id = (q: string, m: string) => store.currentAnswerId('demo', q, m)!;
    store.close();

    const first = scan(['--set', 'demo', '--db', db, '--train', train]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /suggested flags in set "demo": \d+ added, 0 updated, 0 unchanged, 0 removed; 0 reviewer decision\(s\) kept/);
    store = ReviewStore.open(db, { actor: 'test' });
    const flags = () => store.snapshot('demo').flags;
    const rep = DEFECTS.repetition;
    const leak = DEFECTS.leakage;
    const cut = DEFECTS.truncated;
    const flagOf = (q: string, m: string, kind: string) => flags().find((f) => f.questionKey === q && f.model === m && f.kind === kind);
    for (const [d, kind] of [[rep, 'repetition'], [leak, 'leakage'], [cut, 'truncation']] as const) {
      const f = flagOf(d.id, d.model, kind);
      assert.ok(f, kind);
      assert.equal(f!.source, 'detector');
      assert.equal(f!.status, 'suggested');
      assert.equal((f!.evidence as { findings: unknown[] }).findings.length >= 1, true);
    }
    const added = flags().length;
    // A reviewer confirms the loop and rejects the truncation.
    store.setFlag({ answerId: id(rep.id, rep.model), kind: 'repetition', source: 'detector', status: 'confirmed', who: 'ann' });
    store.setFlag({ answerId: id(cut.id, cut.model), kind: 'truncation', source: 'detector', status: 'rejected', who: 'ann' });
    store.close();

    const again = scan(['--set', 'demo', '--db', db, '--train', train]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`0 added, 0 updated, ${added - 2} unchanged, 0 removed; 2 reviewer decision\\(s\\) kept`));
    store = ReviewStore.open(db, { actor: 'test' });
    assert.equal(flagOf(rep.id, rep.model, 'repetition')!.status, 'confirmed');
    assert.equal(flagOf(cut.id, cut.model, 'truncation')!.status, 'rejected');
    assert.equal(flags().length, added);
    store.close();

    // Without the training data the leakage suggestions from copies (q90) go; the JSON artifact
    // (q10) is still found without it, with changed evidence; the decisions stay.
    const noTrain = scan(['--set', 'demo', '--db', db]);
    assert.equal(noTrain.code, 0, noTrain.stderr);
    assert.match(noTrain.stdout, /0 added, \d+ updated, \d+ unchanged, [1-9]\d* removed; 2 reviewer decision\(s\) kept/);
    store = ReviewStore.open(db, { actor: 'test' });
    assert.equal(flagOf('q90', 'leaky', 'leakage'), undefined);
    assert.ok(flagOf(leak.id, leak.model, 'leakage'));
    assert.equal(flagOf(rep.id, rep.model, 'repetition')!.status, 'confirmed');
    assert.equal(flagOf(cut.id, cut.model, 'truncation')!.status, 'rejected');
    const auditRows = store.db.prepare("SELECT detail FROM audit_log WHERE action = 'detector-suggestions' ORDER BY id").pluck().all() as string[];
    assert.equal(auditRows.length, 3);
    assert.ok((JSON.parse(auditRows[2]) as { removedFlags: Array<{ kind: string }> }).removedFlags.some((f) => f.kind === 'leakage'));
    // Another detector version's pending suggestion is taken over, and one of this version's that is not found again is removed.
    store.db.prepare("UPDATE flags SET who = 'endings@0' WHERE kind = 'runon'").run();
    store.close();
    const upgraded = scan(['--set', 'demo', '--db', db]);
    assert.match(upgraded.stdout, /0 added, [1-9]\d* updated/);
    store = ReviewStore.open(db, { actor: 'test' });
    assert.ok(flags().filter((f) => f.kind === 'runon').length >= 1);
    assert.equal(store.db.prepare("SELECT count(*) FROM flags WHERE who = 'endings@0'").pluck().get(), 0);
    store.close();
  });
});
