// The syntax check that locates JSON.parse failures agrees with JSON.parse on what is JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findJsonError } from '../../extension/core/dataset/jsonSyntax';

test('findJsonError accepts exactly what JSON.parse accepts (random mutations of records)', () => {
  const pieces = ['{', '}', '[', ']', ',', ':', '"a"', '"中\\"文"', '"\\u4e2d"', '"\\x"', '1', '-0.5e+3', '01', 'true', 'nul', 'null', ' ', '\n', "'", '\0', 'NaN'];
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  const base = JSON.stringify({ input: '问', output: ['答', { n: 1.5, ok: true, none: null }] });
  for (let round = 0; round < 5000; round++) {
    let text = base;
    for (let k = random(3) + 1; k > 0; k--) {
      const at = random(text.length + 1);
      text = random(2) ? text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + random(3));
    }
    let valid = true;
    try {
      JSON.parse(text);
    } catch {
      valid = false;
    }
    const found = findJsonError(text, Infinity);
    assert.equal(found === undefined, valid, JSON.stringify(text));
    if (found) assert.ok(found.index >= 0 && found.index <= text.length);
  }
});
