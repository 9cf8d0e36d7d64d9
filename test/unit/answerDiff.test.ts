// The inline diff of two answers: Chinese compared by words (not whole sentences, not single
// characters), the character mode, both texts rebuilt exactly from the segments on many random
// edits, the coarse fallback of two unrelated long answers, the repetition measure, the default
// epoch pair.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { diffAnswers, placeSegments, sideText, type AnswerDiff } from '../../extension/core/diff/answerDiff';
import { defaultPair } from '../../extension/core/diff/defaultPair';
import { seqRep4 } from '../../extension/core/diff/repetition';
import { seededRandom } from '../../extension/core/review/random';
import { parseRunName } from '../../extension/core/training/runName';

const changed = (d: AnswerDiff, kind: 'added' | 'removed') => d.segments.filter((s) => s.kind === kind).map((s) => s.text);

function assertRebuilds(a: string, b: string, d: AnswerDiff) {
  assert.equal(sideText(d.segments, 'old'), a);
  assert.equal(sideText(d.segments, 'new'), b);
  for (let i = 1; i < d.segments.length; i++) assert.notEqual(d.segments[i].kind, d.segments[i - 1].kind, 'neighbouring segments of one kind are merged');
  assert.ok(d.segments.every((s) => s.text !== ''));
}

const WORDS = ['借款', '到期', '不还', '的', '，', '出借人', '可以', '应当', '先', '催告', '人民法院', '提起', '诉讼', '劳动者', '仲裁', '。', '根据', '《民法典》', '规定', '赔偿', '责任', '证据', '保留', '转账', '记录', ' ', '\n', 'USER', ':'];

function randomText(r: ReturnType<typeof seededRandom>, words: number): string {
  let s = '';
  for (let i = 0; i < words; i++) s += WORDS[r.index(WORDS.length)];
  return s;
}

/** `text` with a few words replaced, inserted or deleted at random places. */
function mutate(r: ReturnType<typeof seededRandom>, text: string): string {
  let s = text;
  const edits = 1 + r.index(5);
  for (let e = 0; e < edits; e++) {
    const at = r.index(s.length + 1);
    const cut = r.index(4);
    s = s.slice(0, at) + (r.float() < 0.7 ? WORDS[r.index(WORDS.length)] : '') + s.slice(Math.min(s.length, at + cut));
  }
  return s;
}

describe('diffAnswers on Chinese', () => {
  const a = '借款到期不还的，出借人可以先催告，仍不归还的可以向人民法院提起民间借贷诉讼。';
  const b = '借款到期不归还的，出借人应当先催告，仍不归还的可以向人民法院提起民间借贷诉讼。';

  it('word mode marks whole words: 可以 → 应当, 还 → 归还, not the whole sentence', () => {
    const d = diffAnswers(a, b, { mode: 'word' });
    assert.equal(d.coarse, false);
    assert.equal(d.level, 'word');
    assert.deepEqual(changed(d, 'removed'), ['还', '可以']);
    assert.deepEqual(changed(d, 'added'), ['归还', '应当']);
    assertRebuilds(a, b, d);
  });

  it('char mode marks single characters', () => {
    const d = diffAnswers(a, b, { mode: 'char' });
    assert.equal(d.level, 'char');
    assert.deepEqual(changed(d, 'added'), ['归', '应当']);
    assert.deepEqual(changed(d, 'removed'), ['可以']);
    assertRebuilds(a, b, d);
  });

  it('identical, empty and one-sided answers', () => {
    assert.deepEqual(diffAnswers(a, a).segments, [{ kind: 'same', text: a }]);
    assert.deepEqual(diffAnswers('', '').segments, []);
    assert.deepEqual(diffAnswers('', b).segments, [{ kind: 'added', text: b }]);
    assert.deepEqual(diffAnswers(a, '', { mode: 'char' }).segments, [{ kind: 'removed', text: a }]);
  });

  it('places each segment in both answers, so spans on either text map onto the diff', () => {
    const d = diffAnswers(a, b);
    for (const s of placeSegments(d.segments)) {
      if (s.kind !== 'added') assert.equal(a.slice(s.oldStart, s.oldStart + s.text.length), s.text);
      if (s.kind !== 'removed') assert.equal(b.slice(s.newStart, s.newStart + s.text.length), s.text);
    }
  });

  it('rebuilds both texts exactly over 300 random edits (whitespace, newlines, Latin and Chinese)', () => {
    const r = seededRandom(16);
    for (let i = 0; i < 300; i++) {
      const x = randomText(r, 5 + r.index(60));
      const y = mutate(r, x);
      for (const mode of ['word', 'char'] as const) {
        const d = diffAnswers(x, y, { mode });
        assert.equal(d.coarse, false, `${mode}: ${JSON.stringify([x, y])}`);
        assertRebuilds(x, y, d);
      }
    }
  });
});

describe('the coarse fallback', () => {
  // Two unrelated 5,000-character answers: no edit script within the limits.
  const r = seededRandom(5000);
  const unrelated = () => {
    let s = '';
    while (s.length < 5000) s += randomText(r, 12) + '。';
    return s.slice(0, 5000);
  };
  const x = unrelated();
  const y = unrelated();

  it('finishes with a coarse diff, says so, and still rebuilds both texts', () => {
    for (const mode of ['word', 'char'] as const) {
      const d = diffAnswers(x, y, { mode });
      assert.equal(d.coarse, true, mode);
      assert.equal(d.reason, 'edit-limit');
      assert.notEqual(d.level, mode);
      assertRebuilds(x, y, d);
    }
  });

  it('goes down level by level: char → word, then sentence, then whole', () => {
    const a = '第一句话。出借人可以先催告。第三句话。';
    const b = '第一句话。出借人应当先催告。第三句话。';
    const char = diffAnswers(a, b, { mode: 'char', maxEditLength: 3 });
    assert.equal(char.level, 'word'); // 可以 → 应当: 4 character edits, 2 word edits
    assert.equal(char.coarse, true);
    assert.deepEqual(changed(char, 'added'), ['应当']);
    assertRebuilds(a, b, char);
    const c = '第一句话。出借人应当立即催告。第三句话。'; // 可以先 → 应当立即: 4 word edits, 2 sentence edits
    const sentence = diffAnswers(a, c, { mode: 'word', maxEditLength: 2 });
    assert.equal(sentence.level, 'sentence');
    assert.deepEqual(changed(sentence, 'removed'), ['出借人可以先催告。']);
    assert.deepEqual(changed(sentence, 'added'), ['出借人应当立即催告。']);
    assertRebuilds(a, c, sentence);
    const whole = diffAnswers(a, c, { mode: 'word', maxEditLength: 1 });
    assert.equal(whole.level, 'whole');
    assert.deepEqual(whole.segments, [{ kind: 'removed', text: a }, { kind: 'added', text: c }]);
  });
});

describe('seqRep4', () => {
  it('is 0 without a repeated 4-gram, near 1 for a loop, and ignores whitespace', () => {
    assert.equal(seqRep4('朋友借了我五万块钱一直不还'), 0);
    assert.equal(seqRep4('abc'), 0);
    const loop = '正当防卫不负刑事责任。'.repeat(9);
    const windows = loop.length - 3;
    assert.equal(seqRep4(loop), (windows - 11) / windows); // the first 11 windows are new, every later one repeats
    assert.equal(seqRep4('正当 防卫\n不负'), seqRep4('正当防卫不负'));
  });
});

describe('defaultPair', () => {
  const models = (...names: string[]) => names.map((name) => ({ name, attributes: parseRunName(name) }));

  it('prefers the pair differing only in epoch, lower epoch first', () => {
    const p = defaultPair(models('chatglm_baseline', 'law_batch128_epoch6_vicuna', 'law_batch128_epoch6_penalty1.2_vicuna', 'law_batch128_epoch3_vicuna'));
    assert.deepEqual(p, { a: 'law_batch128_epoch3_vicuna', b: 'law_batch128_epoch6_vicuna', alsoDiffer: [] });
  });

  it("the demo's models (epoch and penalty differ) still pair the two law runs, and say what else differs", () => {
    const p = defaultPair(models('chatglm_baseline', 'law_batch128_epoch3_vicuna', 'law_batch128_epoch6_penalty1.2_vicuna'));
    assert.deepEqual(p, { a: 'law_batch128_epoch3_vicuna', b: 'law_batch128_epoch6_penalty1.2_vicuna', alsoDiffer: ['penalty'] });
  });

  it('never pairs models without an epoch, of the same epoch, or of different datasets', () => {
    assert.equal(defaultPair(models('chatglm_baseline', 'law_vicuna', 'gpt4')), undefined);
    assert.equal(defaultPair(models('law_epoch3_vicuna', 'law_epoch3_alpaca')), undefined);
    assert.equal(defaultPair(models('law_epoch3_vicuna', 'med_epoch6_vicuna')), undefined);
  });
});

describe('browser-safe', () => {
  it('the comparison and its reports bundle for the browser (the review panel renders them)', () => {
    const root = join(__dirname, '..', '..');
    const r = buildSync({
      stdin: {
        contents: "export * from './extension/core/diff/answerDiff'; export * from './extension/core/diff/comparison'; export * from './extension/core/diff/comparisonFormat'; export * from './extension/core/diff/defaultPair';",
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    assert.deepEqual(r.errors, []);
    assert.ok(!/require\(["']node:|from ["']node:/.test(r.outputFiles[0].text));
  });
});
