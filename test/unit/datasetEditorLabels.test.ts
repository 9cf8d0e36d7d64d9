// What the dataset editor says about a search (where the selected record stands among the
// results, what is wrong with an invalid regular expression, at which character) and how its
// table shares its width among the columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regexProblem } from '../../extension/core/dataset/document/searchSpec';
import { gridTemplate, maxColumnWidth } from '../../webview/datasetEditor/columnLayout';
import { regexProblemText, searchResult } from '../../webview/datasetEditor/labels';

const rx = (query: string) => regexProblem({ query, regex: true, caseSensitive: false });

test('regexProblem names the mistake and the character at fault, and nothing for a valid pattern', () => {
  assert.deepEqual(
    [rx('('), rx('a)'), rx('a**'), rx('x|*'), rx('a{2}{3}'), rx('[abc'), rx('ab\\')].map((p) => p && [p.kind, p.index]),
    [
      ['unterminated-group', 0],
      ['unmatched-paren', 1],
      ['nothing-to-repeat', 2],
      ['nothing-to-repeat', 2],
      ['nothing-to-repeat', 4],
      ['unterminated-class', 0],
      ['trailing-backslash', 2],
    ],
  );
  for (const ok of ['a*?', 'a{2}', '(?:x)', '(?<n>x)\\k<n>', '(?<=a)b', '{', '[(]', '\\(', '[]]']) assert.equal(rx(ok), undefined, ok);
  assert.equal(regexProblem({ query: '(', regex: false, caseSensitive: false }), undefined, 'a plain search is never invalid');
  const other = rx('(?x)');
  assert.equal(other?.kind, 'other');
  assert.equal(other?.index, undefined);
});

test('regexProblemText: the reason in words, the 1-based character, the engine text without its prefix', () => {
  assert.equal(regexProblemText(rx('a(b')!), 'Invalid regular expression: a group is not closed (character 2)');
  assert.equal(regexProblemText(rx('(?x)')!), 'Invalid regular expression: Invalid group');
});

test('searchResult: the selected record among the results, or the totals without a selection', () => {
  assert.equal(searchResult(2, 13848, 17148), 'Result 3 of 13,848 · 17,148 matches');
  assert.equal(searchResult(0, 1, 1), 'Result 1 of 1 · 1 match');
  assert.equal(searchResult(-1, 13848, 17148), '17,148 matches in 13,848 records');
});

test('gridTemplate: answers share twice the room, a resized column keeps its px; maxColumnWidth keeps the rest in sight', () => {
  const cols = [
    { key: 'instruction', role: 'question' as const },
    { key: 'chosen', role: 'answer' as const },
    { key: 'rejected', role: 'rejected' as const },
  ];
  assert.equal(gridTemplate(cols, {}), '5.5em minmax(0, 1fr) minmax(0, 2fr) minmax(0, 2fr) 6.5em');
  assert.equal(gridTemplate(cols, { chosen: 300 }), '5.5em minmax(0, 1fr) 300px minmax(0, 2fr) 6.5em');
  // 800 px of row, 160 of them the number and length columns: the others keep 250 (resized) and 40.
  assert.equal(maxColumnWidth('instruction', cols, { chosen: 250 }, 800, 160), 350);
  assert.equal(maxColumnWidth('instruction', cols, { chosen: 700 }, 800, 160), 40, 'never below the minimum');
});
