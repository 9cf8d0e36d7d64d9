// The review panel without a browser: its keys (keys.ts) as a pure function, and its model
// (webview/reviewPanel/reviewModel.ts) talking through the real RPC to the real host side
// (extension/features/reviewPanel/panelRequests.ts) over a real SQLite store file, so every
// score, flag and undo is checked where it lands: in the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyAction, keyList, FLAG_KEYS } from '../../webview/reviewPanel/keys';
import { BASE, EVIL, SET, eventually, key, opened } from './reviewPanelFixture';

test('keys: digits score the candidate (0 is 10), Shift+digits the baseline, letters flag, j/k and arrows move', () => {
  assert.deepEqual(keyAction(key({ key: '8', code: 'Digit8' })), { type: 'score', target: 'candidate', score: 8 });
  assert.deepEqual(keyAction(key({ key: '0', code: 'Digit0' })), { type: 'score', target: 'candidate', score: 10 });
  assert.deepEqual(keyAction(key({ key: '3', code: 'Numpad3' })), { type: 'score', target: 'candidate', score: 3 });
  // Shift+8 is '*' on a US layout and '(' elsewhere: the code decides.
  assert.deepEqual(keyAction(key({ key: '*', code: 'Digit8', shiftKey: true })), { type: 'score', target: 'baseline', score: 8 });
  assert.deepEqual(keyAction(key({ key: ')', code: 'Digit0', shiftKey: true })), { type: 'score', target: 'baseline', score: 10 });
  for (const k of ['j', 'ArrowDown', 'ArrowRight']) assert.deepEqual(keyAction(key({ key: k })), { type: 'next' }, k);
  for (const k of ['k', 'ArrowUp', 'ArrowLeft']) assert.deepEqual(keyAction(key({ key: k })), { type: 'previous' }, k);
  for (const [kind, letter] of Object.entries(FLAG_KEYS)) assert.deepEqual(keyAction(key({ key: letter })), { type: 'flag', kind }, letter);
  assert.equal(new Set(Object.values(FLAG_KEYS)).size, Object.keys(FLAG_KEYS).length, 'one letter per flag');
  assert.ok(!Object.values(FLAG_KEYS).some((l) => ['j', 'k', 'n'].includes(l)), 'no flag letter is a navigation key');
  assert.deepEqual(keyAction(key({ key: 'R', code: 'KeyR', shiftKey: true })), { type: 'flagNote', kind: 'repetition' });
  assert.deepEqual(keyAction(key({ key: 'Q', code: 'KeyQ', shiftKey: true })), undefined);
  assert.deepEqual(keyAction(key({ key: '?', code: 'Slash', shiftKey: true })), { type: 'toggleKeys' });
  assert.deepEqual(keyAction(key({ key: 'z', ctrlKey: true })), { type: 'undo' });
  assert.deepEqual(keyAction(key({ key: 'z', metaKey: true })), { type: 'undo' });
  assert.deepEqual(keyAction(key({ key: 'Enter' })), { type: 'advance' });
  assert.equal(keyAction(key({ key: 'Enter', focus: 'control' })), undefined, 'Enter on a button presses the button');
  assert.equal(keyAction(key({ key: 'c', ctrlKey: true })), undefined, 'Ctrl+C copies');
  assert.equal(keyAction(key({ key: 'q' })), undefined);
});

test('keys: in the note every key types (digits never score), Enter saves and moves on, Shift+Enter is a new line', () => {
  for (const k of ['1', '8', '0', 'j', 'k', 'r', 'l', '?', 'ArrowDown', ' ']) assert.equal(keyAction(key({ key: k, code: /\d/.test(k) ? `Digit${k}` : '', focus: 'text' })), undefined, k);
  assert.equal(keyAction(key({ key: '*', code: 'Digit8', shiftKey: true, focus: 'text' })), undefined);
  assert.equal(keyAction(key({ key: 'z', ctrlKey: true, focus: 'text' })), undefined, 'Ctrl+Z in the note undoes typing');
  assert.deepEqual(keyAction(key({ key: 'Enter', focus: 'text' })), { type: 'advance' });
  assert.equal(keyAction(key({ key: 'Enter', shiftKey: true, focus: 'text' })), undefined);
  assert.deepEqual(keyAction(key({ key: 'Escape', focus: 'text' })), { type: 'escape' });
});

test('the key list names every flag key and the score keys', () => {
  const list = keyList();
  for (const letter of Object.values(FLAG_KEYS)) assert.ok(list.some((k) => k.keys === letter), letter);
  assert.ok(list.some((k) => k.keys.startsWith('Shift + 1') && /baseline/.test(k.label)));
});

test('opens the most doubtful queue at its first item, with reasons and progress; answers arrive as plain text', async () => {
  const asked: number[] = [];
  const { model, store } = await opened({ delay: async (method, params) => void (method === 'getItem' && asked.push((params as { answerId: number }).answerId)) });
  // The first item came with init: the panel paints it without another round trip.
  assert.ok(!asked.includes(model.entries[0].answerId), 'the first item is not asked for');
  assert.equal(model.init?.reviewer, 'li');
  assert.equal(model.mode, 'doubt');
  assert.equal(model.entries.length, 8, '2 candidates × 4 questions, none reviewed');
  assert.deepEqual(model.progress, { reviewed: 0, total: 8 });
  assert.equal(model.index, 0);
  assert.equal(model.item?.answerId, model.entries[0].answerId);
  assert.ok(model.entries[0].reasons.length > 0 && model.entries[0].reasons.every((r) => typeof r === 'string' && r.length > 0));
  assert.ok(model.entries.some((e) => e.reasons.includes('not judged yet')));
  // The answer with markup: the model holds its exact characters, for the component to put in a text node.
  const evil = model.entries.find((e) => e.questionKey === 'q2' && e.model === 'law_a')!;
  await model.go(model.entries.indexOf(evil));
  assert.equal(model.item?.candidate.text, EVIL);
  assert.equal(model.item?.baseline.text, `${BASE} 对问题 2 的回答`);
  assert.equal(model.item?.baseline.answerId, store.currentAnswerId(SET, 'q2', BASE));
  assert.equal(model.item?.category, 'legal');
  store.close();
});

test('navigation: next and previous stay within the queue; the neighbours are asked ahead; a slow answer never replaces a newer item', async () => {
  let hold: (() => void) | undefined;
  let slowId: number | undefined;
  const asked: number[] = [];
  const { model, store } = await opened({
    delay: (method, params) => {
      if (method !== 'getItem') return Promise.resolve();
      const { answerId } = params as { answerId: number };
      asked.push(answerId);
      return answerId === slowId ? new Promise((r) => (hold = r)) : Promise.resolve();
    },
  });
  await model.previous();
  assert.equal(model.index, 0);
  // The item after the first was asked for ahead: going there asks for nothing more of it.
  await eventually(() => model.isAhead(model.entries[1].answerId));
  const before = asked.length;
  await model.next();
  assert.equal(model.index, 1);
  assert.equal(model.item?.answerId, model.entries[1].answerId);
  assert.ok(!asked.slice(before).includes(model.entries[1].answerId), 'shown from what was asked ahead');
  for (let i = 0; i < 10; i++) await model.next();
  assert.equal(model.index, 7);
  assert.equal(model.item?.answerId, model.entries[7].answerId);
  // A jump to a far item, then straight back: the far one answers last and must not be shown.
  await model.go(0);
  slowId = model.entries[4].answerId;
  const slow = model.go(4);
  await model.go(1);
  assert.equal(model.item?.answerId, model.entries[1].answerId);
  hold!();
  await slow;
  assert.equal(model.index, 1);
  assert.equal(model.item?.answerId, model.entries[1].answerId);
  store.close();
});

test('scoring: each key saves at once for reviewer li; Shift scores the baseline; a score keeps the note; other views are told', async () => {
  const { model, store, changes } = await opened();
  const item = model.item!;
  await model.run(keyAction(key({ key: '8', code: 'Digit8' }))!);
  assert.deepEqual(store.currentReview(item.answerId, 'li'), { score: 8 });
  assert.deepEqual(model.progress, { reviewed: 1, total: 8 });
  assert.equal(model.entries[0].reviewed, true);
  assert.equal(model.item?.candidate.review?.score, 8);
  assert.equal(model.canUndo, true);
  await model.run(keyAction(key({ key: ')', code: 'Digit0', shiftKey: true }))!);
  assert.deepEqual(store.currentReview(item.baseline.answerId!, 'li'), { score: 10 });
  assert.deepEqual(model.progress, { reviewed: 1, total: 8 }, 'the baseline is not a candidate answer');
  model.setNoteDraft('引用的法条 264 条正确');
  await model.saveNote();
  await model.run(keyAction(key({ key: '6', code: 'Digit6' }))!);
  assert.deepEqual(store.currentReview(item.answerId, 'li'), { score: 6, note: '引用的法条 264 条正确' });
  assert.deepEqual(changes, [SET, SET, SET, SET]);
  // Nobody else's reviews were written.
  assert.deepEqual(store.snapshot(SET).reviews.map((r) => r.reviewer), ['li', 'li']);
  store.close();
});

test('a note with digits is saved by Enter with no score change, and the next answer shows; a note needs a score first', async () => {
  const { model, store } = await opened();
  const first = model.item!;
  // Typing "5" in the note: the key is the note's (keyAction gives nothing), the text is the draft.
  assert.equal(keyAction(key({ key: '5', code: 'Digit5', focus: 'text' })), undefined);
  model.setNoteDraft('给 5 分太高');
  await model.run(keyAction(key({ key: 'Enter', focus: 'text' }))!);
  assert.match(model.error ?? '', /Score the answer first/);
  assert.equal(store.currentReview(first.answerId, 'li'), undefined, 'no score came from the digits in the note');
  assert.equal(model.index, 0, 'it stays on the answer whose note could not be saved');
  model.dismissError();
  await model.score('candidate', 4);
  assert.equal(model.noteDraft, '给 5 分太高', 'the typing survives the score');
  await model.run(keyAction(key({ key: 'Enter', focus: 'text' }))!);
  assert.deepEqual(store.currentReview(first.answerId, 'li'), { score: 4, note: '给 5 分太高' });
  assert.equal(model.index, 1);
  assert.equal(model.item?.answerId, model.entries[1].answerId);
  assert.equal(model.noteDraft, '', "the next answer's own (empty) note");
  store.close();
});

test('flags: a key sets a human confirmed flag, again takes it off; a detector suggestion is confirmed or rejected', async () => {
  const { model, store, host } = await opened();
  const id = model.item!.answerId;
  await model.run(keyAction(key({ key: 'r' }))!);
  assert.deepEqual(store.flagState(id, 'repetition'), { source: 'human', status: 'confirmed' });
  assert.equal(model.flag('repetition')?.status, 'confirmed');
  await model.run(keyAction(key({ key: 'r' }))!);
  assert.deepEqual(store.flagState(id, 'repetition'), { source: 'human', status: 'rejected' });
  // A detector's suggestion written elsewhere shows once the host reads the store again (the
  // panel does so when it comes back into view).
  store.setFlag({ answerId: id, kind: 'leakage', source: 'detector', status: 'suggested', evidence: { record: 17 }, who: 'leakage-index' });
  host.invalidate();
  await model.go(1);
  await model.go(0);
  assert.deepEqual(model.flag('leakage'), { kind: 'leakage', source: 'detector', status: 'suggested', who: 'leakage-index', evidence: { messages: [], spans: [], matches: [], raw: '{"record":17}' } });
  await model.setFlag('leakage', 'confirmed');
  assert.deepEqual(store.flagState(id, 'leakage'), { source: 'detector', status: 'confirmed' }, "confirmed by li, still the detector's flag with its evidence");
  assert.deepEqual(store.snapshot(SET).flags.find((f) => f.kind === 'leakage')?.evidence, { record: 17 });
  await model.undo();
  assert.deepEqual(store.flagState(id, 'leakage'), { source: 'detector', status: 'suggested' }, 'undo returns it to a suggestion');
  store.close();
});

test('undo takes back the last changes of the session one by one, in the store, and shows the answer each was on', async () => {
  const { model, store } = await opened();
  const first = model.item!;
  await model.score('candidate', 8);
  await model.score('candidate', 6);
  await model.next();
  const second = model.item!;
  await model.toggleFlag('truncation');
  assert.deepEqual(store.flagState(second.answerId, 'truncation'), { source: 'human', status: 'confirmed' });

  await model.run(keyAction(key({ key: 'z', ctrlKey: true }))!);
  assert.equal(store.flagState(second.answerId, 'truncation'), undefined, 'the flag that was not there is gone');
  assert.equal(model.item?.answerId, second.answerId);

  await model.undo();
  assert.deepEqual(store.currentReview(first.answerId, 'li'), { score: 8 });
  assert.equal(model.index, 0, 'back on the answer the change was made on');
  assert.equal(model.item?.candidate.review?.score, 8);

  await model.undo();
  assert.equal(store.currentReview(first.answerId, 'li'), undefined, 'the first score is taken back');
  assert.deepEqual(model.progress, { reviewed: 0, total: 8 });
  assert.equal(model.entries[0].reviewed, false);
  assert.equal(model.canUndo, false);
  await model.undo(); // nothing left: no change, no error
  assert.equal(model.error, undefined);
  assert.deepEqual(store.reviewHistory(first.answerId).map((h) => [h.score, h.current]), [[8, false], [6, false], [8, false]], 'every step stays as history');
  store.close();
});

test('queue modes: flagged and question order rebuild the queue; question order resumes at the first unreviewed answer', async () => {
  const { model, store } = await opened();
  await model.setMode('order');
  assert.equal(model.mode, 'order');
  assert.deepEqual(model.entries.map((e) => `${e.questionKey}/${e.model}`), ['q1/law_a', 'q1/law_b', 'q2/law_a', 'q2/law_b', 'q3/law_a', 'q3/law_b', 'q4/law_a', 'q4/law_b']);
  await model.score('candidate', 7);
  await model.next();
  await model.toggleFlag('citation');
  await model.setMode('flagged');
  assert.deepEqual(model.entries.map((e) => `${e.questionKey}/${e.model}`), ['q1/law_b']);
  await model.setMode('order');
  assert.equal(model.index, 1, 'q1/law_a is reviewed: resume at q1/law_b');
  await model.setMode('doubt');
  assert.equal(model.entries.length, 7, 'the reviewed answer has left the doubt queue');
  assert.ok(!model.entries.some((e) => e.questionKey === 'q1' && e.model === 'law_a'));
  await model.setMode('disagreeing');
  assert.deepEqual(model.entries, [], 'nothing judged: no disagreement');
  assert.equal(model.index, -1);
  assert.equal(model.item, undefined);
  store.close();
});

test("a second reviewer's panel writes beside the first's, never over it, and each sees only their own scores", async () => {
  const li = await opened();
  await li.model.setMode('order');
  await li.model.score('candidate', 9);
  const wang = await opened({ store: li.store, reviewer: 'wang' });
  await wang.model.setMode('order');
  assert.equal(wang.model.item?.answerId, li.model.item?.answerId);
  assert.equal(wang.model.item?.candidate.review, undefined, "li's score is not wang's");
  assert.equal(wang.model.item?.candidate.others, 1);
  await wang.model.score('candidate', 2);
  const id = li.model.item!.answerId;
  assert.deepEqual(li.store.currentReview(id, 'li'), { score: 9 });
  assert.deepEqual(li.store.currentReview(id, 'wang'), { score: 2 });
  await wang.model.undo();
  assert.deepEqual(li.store.currentReview(id, 'li'), { score: 9 }, "wang's undo takes back only wang's score");
  assert.equal(li.store.currentReview(id, 'wang'), undefined);
  li.store.close();
});
