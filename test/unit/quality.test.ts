// The detectors on a labelled test set (qualityFixture.ts) and on the demo workspace's answers:
// recall on planted defects and precision on clean answers per detector, against the issue's
// targets (≥ 0.95 each); plus the pieces underneath (normalisation offsets, winnowing's
// guarantee, the typed-array index, exact verification, near duplicates, contamination).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bufferSource } from '../../extension/core/dataset/reader';
import { detectBoundaryArtifacts } from '../../extension/core/quality/boundaryArtifacts';
import { detectContamination, recordsOverlappingQuestions } from '../../extension/core/quality/contamination';
import { detectEndings } from '../../extension/core/quality/endings';
import { kgramHashes, sortByKey, winnow } from '../../extension/core/quality/fingerprint';
import type { Finding, FindingKind } from '../../extension/core/quality/finding';
import { analyzeCopies, detectCopies } from '../../extension/core/quality/leakage';
import { findNearDuplicates, jaccard } from '../../extension/core/quality/nearDuplicates';
import { normalizeText, originalSpan } from '../../extension/core/quality/normalize';
import { DEFAULT_QUALITY_OPTIONS as D, qualityOptions } from '../../extension/core/quality/options';
import { analyzeRepetition, detectRepetition } from '../../extension/core/quality/repetition';
import { scan, scanAnswer } from '../../extension/core/quality/scan';
import { buildTrainingIndex } from '../../extension/core/quality/trainingIndexFile';
import { seededRandom } from '../../extension/core/review/random';
// @ts-expect-error: a plain .mjs script without types
import { DEFECTS, sampleAnswers } from '../../scripts/demo-workspace.mjs';
import { cleanAnswer, labelledAnswers, NEW_ACTS, question, STATUTES, trainingRecords, type AnswerClass, type LabelledAnswer } from './qualityFixture';

const records = trainingRecords(2000, 11);
const file = Buffer.from(JSON.stringify(records, null, 2));
const built = buildTrainingIndex(bufferSource('train.json', file));
const answers = labelledAnswers(records, 200, 5);

const has = (fs: Finding[], kind: FindingKind) => fs.some((f) => f.kind === kind);
/** Share of `items` for which `pred` holds. */
const share = <T>(items: T[], pred: (x: T) => boolean) => items.filter(pred).length / items.length;

describe('normalizeText', () => {
  it('folds full width, drops whitespace and punctuation, and maps every character back to the original', () => {
    const s = '您好！ＡＢＣ，　１２３…“引用”\n第𠀀条';
    const n = normalizeText(s);
    assert.equal(n.text, '您好abc123引用第𠀀条');
    for (let i = 0; i < n.text.length; i++) {
      const c = s[n.offsets[i]];
      assert.ok(c.normalize('NFKC').toLowerCase().includes(n.text[i]) || c === n.text[i] || /[\uD800-\uDBFF]/.test(c), `offset of ${i}`);
    }
    const sp = originalSpan(n, 2, 5);
    assert.equal(s.slice(sp.start, sp.end), 'ＡＢＣ');
    const astral = originalSpan(n, n.text.length - 4, n.text.length - 1);
    assert.equal(s.slice(astral.start, astral.end), '第𠀀');
  });
});

describe('winnowing', () => {
  it('always shares a fingerprint between texts sharing a run of w + k − 1 characters, and keeps about 2/(w+1) of the k-grams', () => {
    const r = seededRandom(3);
    const k = 16;
    const w = 16;
    let kept = 0;
    let total = 0;
    for (let trial = 0; trial < 300; trial++) {
      const shared = normalizeText(cleanAnswer(r)).text.slice(0, w + k - 1);
      const a = normalizeText(cleanAnswer(r)).text + shared + normalizeText(cleanAnswer(r)).text;
      const b = normalizeText(cleanAnswer(r)).text + shared;
      const ha = kgramHashes(a, k);
      const hb = kgramHashes(b, k);
      const fa = new Set(Array.from(winnow(ha, w), (p) => ha[p]));
      const fb = Array.from(winnow(hb, w), (p) => hb[p]);
      assert.ok(fb.some((h) => fa.has(h)), `trial ${trial}`);
      kept += fb.length;
      total += hb.length;
    }
    const density = kept / total;
    assert.ok(density > 1.5 / (w + 1) && density < 2.5 / (w + 1), `density ${density}`);
  });

  it('sorts keys with their values (radix sort) like a comparison sort', () => {
    const r = seededRandom(9);
    const keys = Uint32Array.from({ length: 5000 }, () => r.uint32() % 1000);
    const values = Uint32Array.from({ length: 5000 }, (_, i) => i);
    const expected = Array.from(keys, (k, i) => [k, i]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    sortByKey(keys, values);
    assert.deepEqual(Array.from(keys), expected.map((e) => e[0]));
    assert.deepEqual(Array.from(values), expected.map((e) => e[1])); // stable: equal keys keep their order
  });
});

describe('the training index', () => {
  it('indexes every text of every record of the file, in typed arrays', async () => {
    const { index, layout, errors } = await built;
    assert.equal(layout, 'alpaca');
    assert.deepEqual(errors, []);
    assert.equal(index.records, records.length);
    assert.equal(index.texts.length, records.length * 2); // instruction and output; the empty input is left out
    assert.ok(index.copies.hashes instanceof Uint32Array && index.copies.texts instanceof Uint32Array);
    for (let i = 1; i < index.copies.size; i++) assert.ok(index.copies.hashes[i - 1] <= index.copies.hashes[i]);
    assert.equal(index.field(1), 'output');
  });

  it('reports located errors for unreadable records and indexes the rest', async () => {
    const bad = Buffer.from('{"instruction":"a","output":"' + '甲'.repeat(40) + '"}\n{"instruction": oops}\n');
    const { index, errors } = await buildTrainingIndex(bufferSource('bad.jsonl', bad));
    assert.equal(index.records, 1);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].line, 2);
  });
});

describe('leakage on the labelled set', () => {
  it('finds ≥ 95 % of planted copies of 32–200 characters, with the source record, the longest span and the highlighted copy', async () => {
    const { index } = await built;
    const copies = answers.filter((a) => a.cls === 'copy');
    const results = copies.map((a) => ({ a, f: detectCopies(a.text, index, D.leakage).find((f) => f.kind === 'leakage') }));
    const recall = share(results, (x) => x.f !== undefined);
    assert.ok(recall >= 0.95, `recall ${recall}`);
    // The source is among the matches and the longest span is at least what was planted.
    const exact = share(results, (x) => x.f !== undefined && x.f.matches!.some((m) => m.record === x.a.source) && x.f.metrics!.longest >= x.a.copied!);
    assert.ok(exact >= 0.95, `source found ${exact}`);
    for (const { a, f } of results) {
      if (!f) continue;
      for (const s of f.spans) assert.equal(a.text.slice(s.start, s.end), s.text);
    }
  });

  it('flags ≤ 5 % of clean answers (which quote statutes) as leaks; their short overlaps are low-severity overlaps', async () => {
    const { index } = await built;
    // The fixture's premise: a statute quote alone is shorter than a leak.
    for (const s of STATUTES) assert.ok(normalizeText(`根据${s}`).text.length < D.leakage.minSpan - 4, s);
    const clean = answers.filter((a) => a.cls === 'clean');
    const findings = clean.map((a) => detectCopies(a.text, index, D.leakage));
    const precision = share(findings, (fs) => !has(fs, 'leakage'));
    assert.ok(precision >= 0.95, `precision ${precision}`);
    const overlaps = findings.flat().filter((f) => f.kind === 'overlap');
    assert.ok(overlaps.length > 0, 'statute quotes show as overlaps');
    assert.ok(overlaps.every((f) => f.severity === 'low' && f.metrics!.longest < D.leakage.minSpan));
  });

  it('counts spans of 16+ characters covering half the answer as a leak, and reports the covered share', async () => {
    const { index } = await built;
    const r = seededRandom(21);
    // Two pieces of 31 characters (winnowing's guarantee) of two records, with a word between: no span reaches 32.
    const pieces = [0, 1].map((i) => {
      const norm = normalizeText(records[100 + i].output);
      const start = r.index(norm.text.length - 40);
      return records[100 + i].output.slice(norm.offsets[start], norm.offsets[start + 30] + 1);
    });
    const answer = `${pieces[0]}，而且${pieces[1]}`;
    const a = analyzeCopies(answer, index, D.leakage);
    if (a.longest < D.leakage.minSpan) {
      assert.ok(a.coverage >= 0.5, `coverage ${a.coverage}`);
      assert.equal(detectCopies(answer, index, D.leakage)[0].kind, 'leakage');
    }
    assert.ok(a.matches.some((m) => m.record === 100) && a.matches.some((m) => m.record === 101));
    // The same with the coverage rule off is only an overlap when the spans are short.
    const strict = detectCopies(answer, index, { ...D.leakage, minCoverage: 1.01 });
    assert.equal(strict[0].kind, a.longest >= D.leakage.minSpan ? 'leakage' : 'overlap');
  });
});

describe('record-boundary artifacts', () => {
  it('finds escaped quotes and JSON seams, not Chinese quotation', () => {
    assert.equal(detectBoundaryArtifacts('…应当承担相应的义务\\", \\"你好！建议先协商').length, 1);
    assert.equal(detectBoundaryArtifacts('数额较大。", "output": "你好！根据规定').length, 1);
    assert.equal(detectBoundaryArtifacts('所谓“数额较大”，是指三千元以上；"情节严重"另有规定。').length, 0);
    const [f] = detectBoundaryArtifacts('甲。", "output": "乙');
    assert.equal(f.spans[0].text, '", "output": "');
  });

  it('finds none in the clean answers', () => {
    assert.equal(share(answers.filter((a) => a.cls === 'clean'), (a) => detectBoundaryArtifacts(a.text).length === 0), 1);
  });
});

/** Recall on one class and precision on the clean answers for one finding kind. */
function rates(kind: FindingKind, cls: AnswerClass, detect: (a: LabelledAnswer) => Finding[]) {
  const planted = answers.filter((a) => a.cls === cls);
  const clean = answers.filter((a) => a.cls === 'clean');
  return { recall: share(planted, (a) => has(detect(a), kind)), precision: share(clean, (a) => !has(detect(a), kind)) };
}

describe('repetition', () => {
  it('finds ≥ 95 % of the loops and ≤ 5 % of clean answers (numbered lists of "可以", statute quotes)', () => {
    const { recall, precision } = rates('repetition', 'loop', (a) => detectRepetition(a.text, D.repetition));
    assert.ok(recall >= 0.95, `recall ${recall}`);
    assert.ok(precision >= 0.95, `precision ${precision}`);
  });

  it('reports the repeating unit, its count, seq-rep-n and spans on the original text', () => {
    const loop = '正当防卫不负刑事责任，防卫过当应当负刑事责任。';
    const text = `根据规定，${loop.repeat(5)}`;
    const a = analyzeRepetition(text, D.repetition);
    assert.equal(a.longest.count, 5);
    assert.equal(a.longest.length, normalizeText(loop).text.length);
    assert.ok(a.seqRep > 0.5);
    const [f] = detectRepetition(text, D.repetition);
    assert.equal(f.spans.length, 5);
    for (const s of f.spans) assert.equal(normalizeText(s.text).text, normalizeText(loop).text);
  });

  it('does not take a list whose items start with the same words for a loop', () => {
    const list = '您可以：\n1. 可以向公安机关报案；\n2. 可以向人民法院起诉；\n3. 可以申请劳动仲裁；\n4. 可以找律师咨询。';
    assert.deepEqual(detectRepetition(list, D.repetition), []);
  });
});

describe('endings', () => {
  it('finds ≥ 95 % of cut answers and of run-ons, and ≤ 5 % of clean answers', () => {
    const cut = rates('truncation', 'cut', (a) => detectEndings(a.text, D.endings));
    const runon = rates('runon', 'runon', (a) => detectEndings(a.text, D.endings));
    assert.ok(cut.recall >= 0.95 && cut.precision >= 0.95, JSON.stringify(cut));
    assert.ok(runon.recall >= 0.95 && runon.precision >= 0.95, JSON.stringify(runon));
  });

  it('tells a turn marker from prose and finds the length limit when one is set', () => {
    assert.deepEqual(detectEndings('警方继续盘问：他当晚在哪里？', D.endings), []);
    const [f] = detectEndings('好的。\n问：还有吗？', D.endings);
    assert.equal(f.kind, 'runon');
    assert.equal(f.spans[0].text, '问：还有吗？');
    assert.deepEqual(detectEndings('甲'.repeat(99) + '。', D.endings), []);
    assert.equal(detectEndings('甲'.repeat(99) + '。', qualityOptions({ endings: { maxLength: 100 } }).endings)[0].kind, 'truncation');
  });
});

describe('contamination', () => {
  it('finds evaluation questions that are in the training set exactly or nearly, and not new ones', async () => {
    const { index } = await built;
    const r = seededRandom(77);
    const exact = Array.from({ length: 50 }, () => records[r.index(records.length)].instruction);
    // Nearly: re-punctuated, full-width digits, one character changed near the end.
    const near = Array.from({ length: 50 }, () => {
      const q = records[r.index(records.length)].instruction;
      return q.replace(/，/g, ', ').replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))).slice(0, -2) + '呢？';
    });
    const fresh = Array.from({ length: 50 }, () => question(r, NEW_ACTS));
    const found = (q: string) => detectContamination(q, index, D.contamination, D.leakage);
    assert.ok(share(exact, (q) => found(q)[0]?.severity === 'high'), 'exact');
    assert.ok(share(near, (q) => found(q).length > 0) >= 0.95, 'near');
    // A fresh question of the same vocabulary can be in the training set by chance: count only those that are not.
    const trainingQuestions = new Set(records.map((x) => normalizeText(x.instruction).text));
    const reallyFresh = fresh.filter((q) => !trainingQuestions.has(normalizeText(q).text));
    assert.ok(share(reallyFresh, (q) => found(q).length === 0) >= 0.95, 'fresh');
  });
});

describe('records overlapping the evaluation set (the dataset editor filter)', () => {
  it('lists the training records each evaluation question is found in', async () => {
    const { index } = await built;
    const questions = [records[3].instruction, question(seededRandom(8), NEW_ACTS)];
    const overlap = recordsOverlappingQuestions(questions, index, D.contamination, D.leakage);
    assert.deepEqual(overlap.get(3), [0]);
    const expected = records.flatMap((r, i) => (normalizeText(r.instruction).text === normalizeText(questions[0]).text ? [i] : []));
    for (const i of expected) assert.deepEqual(overlap.get(i), [0]);
    assert.ok(![...overlap.values()].some((qs) => qs.includes(1)));
  });
});

describe('near duplicates', () => {
  it('groups records edited from one another and leaves the others alone', async () => {
    const r = seededRandom(5);
    const base = trainingRecords(1000, 12);
    const planted: Array<[number, number]> = [];
    for (let i = 0; i < 40; i++) {
      const from = r.index(base.length);
      const o = base[from].output;
      const at = r.index(o.length - 4);
      base.push({ ...base[from], output: o.slice(0, at) + '某某' + o.slice(at + 2) });
      planted.push([from, base.length - 1]);
    }
    const { index } = await buildTrainingIndex(bufferSource('nd.json', Buffer.from(JSON.stringify(base))));
    const nd = findNearDuplicates(index, D.nearDuplicates);
    const together = share(planted, ([a, b]) => nd.groupOf[a] >= 0 && nd.groupOf[a] === nd.groupOf[b]);
    assert.ok(together >= 0.95, `planted pairs found ${together}`);
    const plantedSet = new Set(planted.flat());
    const strays = nd.groups.flatMap((g) => g.records).filter((x) => !plantedSet.has(x));
    assert.ok(strays.length <= 0.05 * base.length, `ungrouped records grouped: ${strays.length}`);
    for (const g of nd.groups) assert.ok(g.minJaccard >= D.nearDuplicates.minJaccard);
  });

  it('computes exact Jaccard similarity', () => {
    assert.equal(jaccard(Uint32Array.of(1, 2, 3), Uint32Array.of(2, 3, 4)), 0.5);
  });
});

describe('the demo answers', () => {
  it("finds the demo's repetition, run-on, leakage and truncation, and nothing on the clean answers", async () => {
    const { index } = await buildTrainingIndex(bufferSource('train.json', file));
    const rows = sampleAnswers() as Array<{ id: string; model: string; answer: string; question: string }>;
    const expected: Record<string, FindingKind> = { repetition: 'repetition', noStop: 'runon', leakage: 'leakage', truncated: 'truncation' };
    const defects = DEFECTS as Record<string, { id: string; model: string }>;
    for (const [name, kind] of Object.entries(expected)) {
      const row = rows.find((x) => x.id === defects[name].id && x.model === defects[name].model)!;
      assert.ok(has(scanAnswer(row.answer, index), kind), `${name}: ${JSON.stringify(scanAnswer(row.answer, index))}`);
    }
    const isDefect = (x: { id: string; model: string }) => Object.values(defects).some((d) => d.id === x.id && d.model === x.model);
    for (const row of rows.filter((x) => !isDefect(x))) {
      const fs = scanAnswer(row.answer, index).filter((f) => f.kind !== 'overlap');
      assert.deepEqual(fs, [], `${row.id} ${row.model}`);
    }
    const result = scan(rows.map((x) => ({ questionKey: x.id, question: x.question, model: x.model, answer: x.answer })), index);
    assert.equal(result.answers.length, rows.length);
  });
});
