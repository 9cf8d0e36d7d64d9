// decodeUtf8 takes ICU's converter for long, mostly non-ASCII records: it must give exactly the
// string Buffer#toString gives, for every code point and wherever the record sits in a buffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transcode } from 'node:buffer';
import { decodeUtf8 } from '../../extension/core/dataset/recordText';
import { legalRecords } from '../../bench/legalText';

test('decodeUtf8 equals toString for every code point, in long and short, ASCII and non-ASCII runs', () => {
  assert.equal(typeof transcode, 'function', 'this Node has ICU: the tests below take both decoders');
  const chars: string[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) if (cp < 0xd800 || cp > 0xdfff) chars.push(String.fromCodePoint(cp));
  // Runs of 300 characters (long enough for the ICU path) and of 5 (short: toString), each with
  // a few ASCII bytes around it, at odd offsets of one buffer.
  for (const size of [300, 5]) {
    const pieces: string[] = [];
    for (let i = 0; i < chars.length; i += size) pieces.push('x' + chars.slice(i, i + size).join('') + '"');
    const bytes = Buffer.from(pieces.join(''));
    let at = 0;
    for (const piece of pieces) {
      const n = Buffer.byteLength(piece);
      assert.equal(decodeUtf8(bytes, at, at + n), piece);
      at += n;
    }
  }
});

test('decodeUtf8 equals toString on records: Chinese, ASCII, mixed, BOM and NUL inside', () => {
  const records = [...legalRecords(200, 3)].map((r) => JSON.stringify(r));
  records.push(JSON.stringify({ q: 'plain ASCII text '.repeat(40) }), JSON.stringify({ q: 'English’s rule '.repeat(30) + '第264条' }));
  records.push(JSON.stringify({ q: '\ufeff问\u0000答'.repeat(100) }), '{"q":"' + '𝄞中'.repeat(200) + '"}');
  const bytes = Buffer.from(records.join('\n'));
  let at = 0;
  for (const r of records) {
    const n = Buffer.byteLength(r);
    assert.equal(decodeUtf8(bytes, at, at + n), r);
    assert.equal(decodeUtf8(bytes, at, at + n), bytes.toString('utf8', at, at + n));
    at += n + 1;
  }
});
