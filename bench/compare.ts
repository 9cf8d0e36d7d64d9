// The answer-comparison targets of issue 16, for `npm run bench` (bench/run.ts calls
// compareBench): the inline diff of a pair of 2,000-character answers ≤ 20 ms, a whole
// 16-question set for two models ≤ 100 ms, and two unrelated 5,000-character answers that must
// finish (the edit limits fall back to a coarser diff). Each figure is printed with its ratio to
// a plain jsdiff diffChars of the same text in the same run (no segmenter, no limit, no stats).
// The pairs imitate two checkpoints of one model: the same legal sentences, some dropped, some
// added, a few words changed, a repetition loop at the end of the later one.
// BENCH_RUNS sets the timed runs per figure (median; default 15). Alone: node --import tsx bench/compare.ts
import { diffChars } from 'diff';
import { diffAnswers } from '../extension/core/diff/answerDiff';
import { compareModels } from '../extension/core/diff/comparison';
import { parseRunName } from '../extension/core/training/runName';
import type { AnswerRecord, ReviewSnapshot } from '../extension/core/review/types';
import { answer, question, rng } from './legalText';
import { runStandalone } from './standalone';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/** The median of RUNS timed runs after two untimed warm-ups (ICU's dictionaries, the JIT). */
function median(f: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const t = performance.now();
    f();
    if (i >= 2) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/** Legal text of about `length` characters (whole sentences of bench/legalText.ts). */
function text(r: () => number, length: number): string {
  let s = '';
  while (s.length < length) s += answer(r);
  return s.slice(0, length);
}

/** The later checkpoint's answer: a sentence in six dropped, one in six rewritten, a loop at the end. */
function laterCheckpoint(r: () => number, earlier: string): string {
  const sentences = earlier.split(/(?<=。)/);
  const out: string[] = [];
  for (const s of sentences) {
    const x = r();
    if (x < 1 / 6) continue;
    if (x < 2 / 6) out.push(s.replace('可以', '应当').replace('的', '之'));
    else out.push(s);
    if (r() < 0.1) out.push(answer(r).split('。')[0] + '。');
  }
  return out.join('') + '依法应当承担相应的法律责任。'.repeat(3);
}

/** Two unrelated answers: the same characters as legal text, in independent random orders. */
function unrelated(seed: number, length: number): string {
  const r = rng(seed);
  const chars = [...text(rng(seed + 1), length)];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** 16 questions answered by two checkpoints, answers of the lengths real ones have (~100–1,000 characters). */
function sixteenQuestionSet(r: () => number): ReviewSnapshot {
  const models = ['law_batch128_epoch3_vicuna', 'law_batch128_epoch6_vicuna'];
  const questions = Array.from({ length: 16 }, (_, i) => ({ key: `q${i + 1}`, text: question(r), category: 'legal', ordinal: i }));
  const answers: AnswerRecord[] = [];
  for (const q of questions) {
    const early = answer(r);
    answers.push({ answerId: answers.length + 1, questionKey: q.key, model: models[0], text: early, version: 1 });
    answers.push({ answerId: answers.length + 1, questionKey: q.key, model: models[1], text: laterCheckpoint(r, early), version: 1 });
  }
  return { set: 'bench-16', questions, models: models.map((name) => ({ name, attributes: parseRunName(name) })), answers, judgments: [], reviews: [], flags: [] };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`.padStart(10);
const ratio = (x: number) => `${x.toFixed(2)}×`.padStart(8);
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

export async function compareBench(): Promise<number> {
  const r = rng(16);
  const a = text(r, 2000);
  const b = laterCheckpoint(r, a).slice(0, 2000);
  const set = sixteenQuestionSet(r);
  const [x, y] = [unrelated(50, 5000), unrelated(51, 5000)];
  const setChars = set.answers.reduce((n, ans) => n + ans.text.length, 0);

  const plainPair = median(() => diffChars(a, b));
  const wordPair = median(() => diffAnswers(a, b, { mode: 'word' }));
  const charPair = median(() => diffAnswers(a, b, { mode: 'char' }));
  const plainSet = median(() => {
    for (let i = 0; i < set.answers.length; i += 2) diffChars(set.answers[i].text, set.answers[i + 1].text);
  });
  const wholeSet = median(() => compareModels(set, set.models[0].name, set.models[1].name));
  // One run each: unbounded, plain diffChars of this pair is the hang the limits exist to avoid.
  let t = performance.now();
  const patho = diffAnswers(x, y, { mode: 'word' });
  const pathoMs = performance.now() - t;
  t = performance.now();
  const pathoChar = diffAnswers(x, y, { mode: 'char' });
  const pathoCharMs = performance.now() - t;

  console.log(`\nAnswer comparison (#16): median of ${RUNS} runs after 2 warm-ups, in this process; baseline: plain jsdiff diffChars of the same text`);
  const rows: Array<[string, number, number | undefined, string]> = [
    ['baseline: plain diffChars, 2,000-char pair', plainPair, undefined, ''],
    ['word diff (Intl.Segmenter), 2,000-char pair', wordPair, 20, ''],
    ['char diff, 2,000-char pair', charPair, 20, ''],
    [`baseline: plain diffChars, 16-question set (${setChars.toLocaleString('en-US')} chars)`, plainSet, undefined, ''],
    ['whole comparison (word diffs + stats), 16-question set', wholeSet, 100, ''],
  ];
  let missed = 0;
  for (const [name, ms, target] of rows) {
    const base = name.includes('16-question') ? plainSet : plainPair;
    const ok = target === undefined || ms <= target;
    if (!ok) missed++;
    console.log(`  ${name.padEnd(72)} ${fmt(ms)} ${target === undefined ? '' : `${ratio(ms / base)}  (target ≤ ${target} ms: ${verdict(ok)})`}`);
  }
  // "Must not hang": finishing within a second, coarse and saying so, is the bar.
  for (const [mode, d, ms] of [['word', patho, pathoMs], ['char', pathoChar, pathoCharMs]] as const) {
    const ok = d.coarse && ms <= 1000;
    if (!ok) missed++;
    console.log(`  ${`unrelated 5,000-char pair, ${mode} mode → ${d.level}${d.coarse ? ' (coarse, said so)' : ''}`.padEnd(72)} ${fmt(ms)}           (target: finishes ≤ 1,000 ms, coarse: ${verdict(ok)})`);
  }
  return missed;
}

if (require.main === module) runStandalone(compareBench);
