// The review panel's detector evidence, flag notes, inline diff and other reviewers, end to end
// without a browser: the real detectors scan an answer against a real training index, the
// suggestions go into a real store through replaceDetectorSuggestions (as `lexreview scan` writes
// them), the host reads them, and the webview's model marks them in the answer's text; every
// decision and note is checked in the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { english } from '../../extension/core/l10n';
import { coarseText } from '../../extension/core/diff/comparisonFormat';
import { sideText } from '../../extension/core/diff/answerDiff';
import { epochPartner } from '../../extension/core/diff/defaultPair';
import { readEvidence, splitsPair, wholeSpan } from '../../extension/core/quality/evidenceView';
import { scanAnswer } from '../../extension/core/quality/scan';
import { flagSuggestions, SUGGESTING_DETECTORS } from '../../extension/core/quality/suggestions';
import { TrainingIndexBuilder } from '../../extension/core/quality/trainingIndex';
import { parseRunName } from '../../extension/core/training/runName';
import type { AnswerImportRow } from '../../extension/core/review/answerImport';
import { seededRandom } from '../../extension/core/review/random';
import { keyAction } from '../../webview/reviewPanel/keys';
import { textRuns, type TextRun } from '../../webview/reviewPanel/textRuns';
import { BASE, SET, key, opened, until } from './reviewPanelFixture';

const E3 = 'law_batch128_epoch3_vicuna';
const E6 = 'law_batch128_epoch6_vicuna';
const OTHER = 'alpaca_lora_r256';
/** A training record the epoch-6 model reproduces word for word (62 characters). */
const RECORD = '出借人请求借款人按照约定返还借款的，人民法院应予支持；借款人逾期未还的，出借人可以主张逾期利息，利率不得超过合同成立时一年期贷款市场报价利率四倍。';
const LEAKED = `根据法律规定：${RECORD}😀建议您保留借条和转账记录。\nUSER: 那如果对方不还呢？`;
const EPOCH3 = '根据法律规定：出借人可以要求借款人还款。建议您保留借条和转账记录。';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function randomText(seed: number, length: number): string {
  const r = seededRandom(seed);
  const chars = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质';
  return Array.from({ length }, () => chars[r.index(chars.length)]).join('');
}

function answerRows(): AnswerImportRow[] {
  const texts: Record<string, [string, string, string]> = {
    // question → [epoch 3, epoch 6, other]
    q1: [EPOCH3, LEAKED, '可以起诉。'],
    // Two unrelated long answers: the diff must fall back to a coarser level, not hang.
    q2: [randomText(1, 5000), randomText(2, 5000), '看情况。'],
  };
  const out: AnswerImportRow[] = [];
  for (const [q, [a3, a6, other]] of Object.entries(texts)) {
    for (const [model, answer] of [[BASE, `${q} 的基线回答。`], [E3, a3], [E6, a6], [OTHER, other]] as const) {
      out.push({ questionKey: q, keyedBy: 'id', question: `问题 ${q}`, model, answer, category: 'legal', location: { file: 'a.jsonl', line: out.length + 1, record: out.length } });
    }
  }
  return out;
}

/** The panel on the epoch-6 answer to q1, after a real scan wrote its suggestions to the store. */
async function scanned(reviewer = 'li', store?: Awaited<ReturnType<typeof opened>>['store']) {
  const s = await opened({ rows: answerRows(), reviewer, ...(store ? { store } : {}) });
  if (!store) {
    const builder = new TrainingIndexBuilder();
    builder.addRecord(0, [{ field: 'instruction', role: 'question', text: '朋友借钱不还怎么办？' }, { field: 'output', role: 'answer', text: '建议先协商，协商不成可以起诉。' }]);
    builder.addRecord(1, [{ field: 'instruction', role: 'question', text: '借款逾期利息怎么算？' }, { field: 'output', role: 'answer', text: RECORD }]);
    const index = builder.build();
    const answerId = s.store.currentAnswerId(SET, 'q1', E6)!;
    const suggestions = flagSuggestions(answerId, scanAnswer(LEAKED, index));
    s.store.replaceDetectorSuggestions(SET, SUGGESTING_DETECTORS, suggestions);
    s.host.invalidate();
  }
  await s.model.setMode('order');
  await s.model.go(s.model.entries.findIndex((e) => e.questionKey === 'q1' && e.model === E6));
  assert.equal(s.model.item?.candidate.model, E6);
  return s;
}

const marked = (runs: TextRun[], kind: string) => runs.filter((r) => r.kinds.includes(kind as never)).map((r) => r.text).join('');
const whole = (runs: TextRun[]) => runs.filter((r) => r.change !== 'removed').map((r) => r.text).join('');

test('wholeSpan widens a span that would cut a surrogate pair, clips it to the text, drops an empty one', () => {
  const text = 'a😀b𠀋c'; // 😀 and 𠀋 (CJK Extension B) are two UTF-16 units each
  assert.ok(splitsPair(text, 2) && splitsPair(text, 5) && !splitsPair(text, 1) && !splitsPair(text, 3));
  assert.deepEqual(wholeSpan(text, 2, 5), { start: 1, end: 6 });
  assert.deepEqual(wholeSpan(text, -4, 99), { start: 0, end: text.length });
  assert.equal(wholeSpan(text, 3, 3), undefined);
  const runs = textRuns(text, [{ start: 2, end: 5, kind: 'repetition' }]);
  assert.equal(whole(runs), text);
  assert.equal(marked(runs, 'repetition'), '😀b𠀋');
  for (const r of runs) assert.doesNotMatch(r.text, LONE_SURROGATE);
});

test('textRuns: overlapping marks and an inline diff cut the text in place; a diff made for another text is not drawn', () => {
  const text = '甲乙丙丁戊';
  const segments = [
    { kind: 'same' as const, text: '甲乙' },
    { kind: 'removed' as const, text: '子' },
    { kind: 'added' as const, text: '丙丁' },
    { kind: 'same' as const, text: '戊' },
  ];
  const runs = textRuns(text, [{ start: 1, end: 3, kind: 'leakage' }, { start: 2, end: 5, kind: 'repetition' }], segments);
  assert.deepEqual(runs, [
    { text: '甲', change: 'same', kinds: [] },
    { text: '乙', change: 'same', kinds: ['leakage'] },
    { text: '子', change: 'removed', kinds: [] },
    { text: '丙', change: 'added', kinds: ['leakage', 'repetition'] },
    { text: '丁', change: 'added', kinds: ['repetition'] },
    { text: '戊', change: 'same', kinds: ['repetition'] },
  ]);
  assert.deepEqual(textRuns('别的', [], segments), [{ text: '别的', change: 'same', kinds: [] }]);
});

test('readEvidence keeps only well-formed parts of untrusted evidence; other shapes stay as their JSON text', () => {
  assert.deepEqual(readEvidence({ record: 17 }, 'x'), { messages: [], spans: [], matches: [], raw: '{"record":17}' });
  const e = readEvidence({ detector: 'leakage', version: '1', severity: 'high', findings: [{ message: 'm', spans: [{ start: 3, end: 1 }, { start: 'a', end: 2 }, { start: 0, end: 2 }], matches: [{ record: 4, field: 'output', longest: 40, excerpt: '<b>x</b>' }, { record: 4 }, { field: 'no record' }] }, 'bad'] }, 'abcd');
  assert.deepEqual(e, { detector: 'leakage@1', severity: 'high', messages: ['m'], spans: [{ start: 0, end: 2 }], matches: [{ record: 4, field: 'output', longest: 40, excerpt: '<b>x</b>' }] });
});

test('detector evidence: the copied span and the run-on marked in place, the matched record beside; y confirms, x rejects, in the store', async () => {
  const { model, store } = await scanned();
  const item = model.item!;
  const leak = model.flag('leakage')!;
  assert.equal(leak.status, 'suggested');
  assert.equal(leak.source, 'detector');
  assert.equal(leak.evidence?.detector, 'leakage@1');
  assert.equal(leak.evidence?.matches[0].record, 1, 'the matched training record');
  assert.equal(leak.evidence?.matches[0].field, 'output');
  assert.ok(RECORD.includes(leak.evidence!.matches[0].excerpt.slice(0, 20)), "the record's text");
  assert.ok(model.flag('runon'), 'the run into the next turn is suggested too');

  const runs = model.candidateRuns;
  assert.equal(whole(runs), LEAKED, 'the runs rebuild the answer exactly');
  assert.ok(marked(runs, 'leakage').includes(RECORD.slice(0, 60)), 'the copied span is marked');
  assert.ok(!marked(runs, 'leakage').includes('根据法律规定'), 'the answer’s own words are not');
  assert.match(marked(runs, 'runon'), /^USER:/m);
  for (const r of runs) assert.doesNotMatch(r.text, LONE_SURROGATE, 'no run splits the emoji after the copy');

  // y confirms the first open suggestion, x rejects the next; each lands in the store at once.
  const [first, second] = model.openSuggestions.map((f) => f.kind);
  await model.run(keyAction(key({ key: 'y' }))!);
  assert.deepEqual(store.flagState(item.answerId, first), { source: 'detector', status: 'confirmed' });
  assert.deepEqual(model.openSuggestions.map((f) => f.kind), [second]);
  await model.run(keyAction(key({ key: 'x' }))!);
  assert.deepEqual(store.flagState(item.answerId, second), { source: 'detector', status: 'rejected' });
  assert.equal(marked(model.candidateRuns, second), '', 'a rejected suggestion is no longer marked');
  assert.notEqual(marked(model.candidateRuns, first), '', 'a confirmed one still is');
  assert.deepEqual(store.snapshot(SET).flags.find((f) => f.kind === first)?.evidence !== undefined, true, 'the evidence is kept');
  await model.undo();
  assert.equal(store.flagState(item.answerId, second)?.status, 'suggested', 'undo takes the rejection back');
  store.close();
});

test('flag notes: Shift + a letter goes to that flag’s note (setting the flag when needed); notes save, survive moving on and undo clears them', async () => {
  const { model, store } = await scanned();
  const id = model.item!.answerId;
  await model.run(keyAction(key({ key: 'L', code: 'KeyL', shiftKey: true }))!);
  assert.equal(model.focusRequest, 'flag-note:leakage');
  assert.equal(store.flagState(id, 'leakage')?.status, 'suggested', 'a suggestion is not decided by writing its note');
  model.setFlagNoteDraft('leakage', '与训练集第 1 条逐字相同');
  await model.saveFlagNote('leakage');
  assert.deepEqual(store.flagState(id, 'leakage'), { source: 'detector', status: 'suggested', note: '与训练集第 1 条逐字相同' });
  assert.equal(model.flagNoteDraft('leakage'), '与训练集第 1 条逐字相同');

  // A flag with none yet: Shift+C sets it, then its note is typed and saved by moving on.
  model.focusRequest = undefined;
  await model.run(keyAction(key({ key: 'C', code: 'KeyC', shiftKey: true }))!);
  assert.deepEqual(store.flagState(id, 'citation'), { source: 'human', status: 'confirmed' });
  assert.equal(model.focusRequest, 'flag-note:citation');
  model.setFlagNoteDraft('citation', '引用的是旧法条');
  await model.run({ type: 'advance' });
  assert.equal(store.flagState(id, 'citation')?.note, '引用的是旧法条', 'Enter saved the flag note before moving on');
  assert.notEqual(model.item?.answerId, id);

  await model.undo();
  assert.equal(model.item?.answerId, id, 'undo shows the answer again');
  assert.deepEqual(store.flagState(id, 'citation'), { source: 'human', status: 'confirmed' }, 'the note is cleared, the flag stays');
  const history = store.flagHistory(id).filter((h) => h.kind === 'leakage');
  assert.deepEqual(history.map((h) => h.note ?? null), [null, '与训练集第 1 条逐字相同'], 'every state kept');
  store.close();
});

test('inline diff: d shows the candidate against its epoch partner, w switches words/characters, Shift+D the next model; spans stay on the same text', async () => {
  const { model, store } = await scanned();
  const item = model.item!;
  assert.deepEqual(item.comparable, [OTHER, BASE, E3], 'in the set’s order of models');
  assert.equal(item.compareDefault, E3, 'the epoch-3 checkpoint of the same run');
  await model.run(keyAction(key({ key: 'd' }))!);
  assert.equal(model.compareOn, true);
  const diff = model.inlineDiff!;
  assert.equal(diff.model, E3);
  assert.equal(diff.diff.mode, 'word');
  assert.equal(diff.diff.coarse, false);
  assert.equal(sideText(diff.diff.segments, 'old'), EPOCH3);
  const runs = model.candidateRuns;
  assert.equal(whole(runs), LEAKED);
  assert.match(runs.filter((r) => r.change === 'removed').map((r) => r.text).join(''), /要求/, 'what epoch 3 said and epoch 6 dropped');
  assert.ok(!LEAKED.includes('要求'));
  assert.ok(runs.some((r) => r.change === 'added' && r.kinds.includes('leakage')), 'the copied text is both added and marked');
  assert.ok(runs.some((r) => r.change === 'same' && r.text.includes('建议您保留借条')), 'shared words unmarked');

  await model.run(keyAction(key({ key: 'w' }))!);
  assert.equal(model.inlineDiff?.diff.mode, 'char');
  assert.equal(sideText(model.inlineDiff!.diff.segments, 'new'), LEAKED);
  // By characters the shared 出借人 … 借款人 survive inside the changed stretch.
  assert.ok(model.candidateRuns.some((r) => r.change === 'same' && r.text.includes('借款人')));

  await model.run(keyAction(key({ key: 'D', code: 'KeyD', shiftKey: true }))!);
  assert.equal(model.inlineDiff?.model, OTHER);
  await model.compareNext();
  assert.equal(model.inlineDiff?.model, BASE, 'wrapping round the set’s models');

  // The pathological pair: two unrelated 5,000-character answers fall back and say so.
  await model.setCompareModel(E3);
  await model.go(model.entries.findIndex((e) => e.questionKey === 'q2' && e.model === E6));
  await until(model, () => model.inlineDiff !== undefined && model.inlineDiff.answerId === model.item?.answerId);
  const coarse = model.inlineDiff!.diff;
  assert.equal(coarse.coarse, true);
  assert.equal(coarse.mode, 'char');
  assert.match(coarseText(coarse, english)!, /differ too much for a character diff/);
  assert.equal(whole(model.candidateRuns), model.item!.candidate.text);

  await model.run(keyAction(key({ key: 'd' }))!);
  assert.equal(model.compareOn, false);
  assert.ok(model.candidateRuns.every((r) => r.change === 'same'), 'off: the plain answer');
  store.close();
});

test('epochPartner: the other checkpoint of the run; a model without one is compared with the fallback', () => {
  const models = [BASE, OTHER, 'law_batch64_epoch3_vicuna', E3, E6].map((name) => ({ name, attributes: parseRunName(name) }));
  assert.equal(epochPartner(E6, models, BASE), E3, 'the same batch size wins over another epoch-3 run');
  assert.equal(epochPartner(OTHER, models, BASE), BASE);
});

test('several reviewers: each sees their own entries; the other reviewers’ scores, notes and flags are listed read-only', async () => {
  const li = await scanned('li');
  await li.model.score('candidate', 3);
  li.model.setNoteDraft('照抄训练数据');
  await li.model.saveNote();
  await li.model.score('baseline', 7);
  await li.model.setFlag('leakage', 'confirmed');
  const id = li.model.item!.answerId;

  const wang = await scanned('wang', li.store);
  assert.equal(wang.model.item?.answerId, id);
  assert.equal(wang.model.item?.candidate.review, undefined, 'li’s score is not wang’s');
  assert.deepEqual(wang.model.item?.otherReviews, [
    { reviewer: 'li', target: 'candidate', score: 3, note: '照抄训练数据' },
    { reviewer: 'li', target: 'baseline', score: 7 },
  ]);
  assert.equal(wang.model.flag('leakage')?.who, 'li', 'the flag names who decided it');
  await wang.model.run(keyAction(key({ key: 'v' }))!);
  assert.equal(wang.model.othersVisible, true);
  await wang.model.score('candidate', 6);
  assert.deepEqual(li.store.currentReview(id, 'li'), { score: 3, note: '照抄训练数据' });
  assert.deepEqual(li.store.currentReview(id, 'wang'), { score: 6 });
  assert.deepEqual(li.store.snapshot(SET).reviews.filter((r) => r.answerId === id).map((r) => [r.reviewer, r.score]).sort(), [['li', 3], ['wang', 6]]);

  // The reviewer setting changes under an open panel: it starts again as the new reviewer, with
  // nothing of wang's to undo, and wang's score among the others'.
  assert.equal(wang.model.canUndo, true);
  wang.host.useReviewer('zhao');
  await until(wang.model, () => wang.model.init?.reviewer === 'zhao' && wang.model.item !== undefined);
  assert.equal(wang.model.canUndo, false);
  await wang.model.setMode('order');
  await wang.model.go(wang.model.entries.findIndex((e) => e.answerId === id));
  assert.equal(wang.model.item?.candidate.review, undefined);
  assert.deepEqual(wang.model.item?.otherReviews.filter((r) => r.target === 'candidate').map((r) => [r.reviewer, r.score]), [['li', 3], ['wang', 6]]);
  await wang.model.undo();
  assert.deepEqual(li.store.currentReview(id, 'wang'), { score: 6 }, "zhao's undo cannot take back wang's score");
  li.store.close();
});

test('inline diff: a slow diff for the answer left behind is never shown on the next one', async () => {
  let hold: (() => void) | undefined;
  let slowFor: number | undefined;
  const { model, store } = await opened({
    rows: answerRows(),
    delay: (method, params) => {
      const p = params as { answerId?: number };
      return method === 'compare' && p.answerId === slowFor ? new Promise((r) => (hold = r)) : Promise.resolve();
    },
  });
  await model.setMode('order');
  const at = (q: string) => model.entries.findIndex((e) => e.questionKey === q && e.model === E6);
  await model.go(at('q1'));
  slowFor = model.item!.answerId;
  const slow = model.toggleCompare(true);
  await new Promise((r) => setImmediate(r));
  assert.ok(hold, 'the first diff is held back');
  await model.go(at('q2'));
  await until(model, () => model.inlineDiff !== undefined && model.inlineDiff.answerId === model.item?.answerId);
  const shown = model.inlineDiff;
  hold!();
  await slow;
  assert.equal(model.inlineDiff, shown, 'the late diff of q1 was dropped');
  assert.equal(whole(model.candidateRuns), model.item!.candidate.text);
  store.close();
});
