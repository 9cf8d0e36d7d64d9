// requiredLiterals feeds the raw-byte pre-filter of a regex search: a run it returns must be in
// every text the regex matches, or the pre-filter would hide a match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requiredLiterals } from '../../extension/core/dataset/document/searchSpec';
import { rng } from '../../bench/legalText';

test('requiredLiterals takes the top-level literals a match cannot do without', () => {
  const cases: Array<[string, string[]]> = [
    ['第[一二三四五六七八九十百]+条', ['第', '条']],
    ['盗窃罪', ['盗窃罪']],
    ['判处?有期徒刑', ['判', '有期徒刑']],
    ['ab+c', ['ab', 'c']],
    ['ab*c', ['a', 'c']],
    ['ab{0,3}c', ['a', 'c']],
    ['ab{2}c', ['ab', 'c']],
    ['a{x}', ['a', 'x']],
    ['盗窃|诈骗', []],
    ['(盗窃|诈骗)罪', ['罪']],
    ['(?=第)第\\d+条', ['第', '条']],
    ['\\x41BC\\u0041DE', []],
    ['\\k<n>x', ['x']],
    ['[a-z\\]]+罪名', ['罪名']],
    ['^第(\\d)\\1条$', ['第', '条']],
    ['刑.法', ['刑', '法']],
    ['𝄞x', ['x']],
  ];
  for (const [source, runs] of cases) assert.deepEqual(requiredLiterals(source), runs, source);
});

test('every run requiredLiterals finds is in every text a random regex matches', () => {
  const random = rng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const chars = ['a', 'b', '第', '条', '1', ' ', '-', ']', ','];
  const quantifiers = ['', '', '', '?', '*', '+', '{0}', '{1}', '{2}', '{0,2}', '{1,}', '+?', '??', '{'];
  const atom = (depth: number): string => {
    const r = random();
    if (r < 0.55) return pick(chars);
    if (r < 0.62) return '.';
    if (r < 0.7) return pick(['[ab]', '[^a]', '[第条]', '[]]', '[\\]a]']);
    if (r < 0.76) return pick(['\\d', '\\s', '\\x61', '\\u7b2c', '\\b', '\\.', '\\1']);
    if (depth > 2) return pick(chars);
    return random() < 0.5 ? `(${seq(depth + 1)})` : `(?:${seq(depth + 1)}|${seq(depth + 1)})`;
  };
  const seq = (depth: number): string => {
    let s = '';
    for (let n = 1 + Math.floor(random() * 5); n > 0; n--) s += atom(depth) + pick(quantifiers);
    return s;
  };
  const textChars = ['a', 'b', 'c', '第', '条', '1', '2', ' ', '-', ']', ',', '{', '}', '\n'];
  const texts = Array.from({ length: 300 }, () => Array.from({ length: Math.floor(random() * 14) }, () => pick(textChars)).join(''));
  let checked = 0;
  for (let k = 0; k < 3000; k++) {
    const source = random() < 0.1 ? `${seq(0)}|${seq(0)}` : seq(0);
    let re: RegExp;
    try {
      re = new RegExp(source, 'g');
    } catch {
      continue;
    }
    const runs = requiredLiterals(source);
    for (const text of texts) {
      re.lastIndex = 0;
      const m = re.exec(text);
      if (!m || m[0] === '') continue;
      checked++;
      for (const run of runs) assert.ok(text.includes(run), `/${source}/ matches ${JSON.stringify(text)} without ${JSON.stringify(run)}`);
    }
  }
  assert.ok(checked > 1000, `${checked} matches checked`);
});
