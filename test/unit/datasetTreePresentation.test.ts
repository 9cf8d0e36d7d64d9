// The Datasets view's item texts and its grouping by folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { english } from '../../extension/core/l10n';
import {
  comparePaths,
  datasetDescription,
  datasetTooltip,
  groupByFolder,
  groupLabel,
} from '../../extension/features/datasetTree/datasetPresentation';
import type { DatasetProbe } from '../../extension/features/datasetTree/datasetProbe';

const scan: DatasetProbe = { kind: 'dataset', format: 'json', bytes: 35 * 1024 * 1024, records: 52000, layout: 'original', errors: [] };

test('description: record count with thousands separators, then the layout', () => {
  assert.equal(datasetDescription(english, scan), '52,000 · original');
  assert.equal(datasetDescription(english, { ...scan, records: 3, layout: undefined }), '3 · unknown');
});

test('tooltip: path, size, records, layout, format, and the first error when there is one', () => {
  assert.equal(
    datasetTooltip(english, 'data/law_52k.json', scan),
    ['data/law_52k.json', 'Size: 35.0 MB', 'Records: 52,000', 'Layout: original · CrimeKgAssitant (input/output)', 'Format: JSON array'].join('\n'),
  );
  const broken: DatasetProbe = {
    ...scan,
    kind: 'malformed',
    format: 'jsonl',
    bytes: 900,
    layout: 'alpaca',
    errors: [
      { file: 'x', line: 3, column: 27, record: 2, message: 'Unexpected end of JSON input' },
      { file: 'x', line: 9, column: 1, message: 'later' },
    ],
  };
  const lines = datasetTooltip(english, 'b.jsonl', broken).split('\n');
  assert.equal(lines[1], 'Size: 900 B');
  assert.equal(lines[4], 'Format: JSONL');
  assert.equal(lines[5], 'First error at 3:27: Record 3: Unexpected end of JSON input');
  assert.equal(lines.length, 6);
});

test('files are grouped by folder, folders first and sorted naturally, files sorted by name', () => {
  const items = ['z.json', 'data/law_10k.json', 'data/law_2k.json', 'a.jsonl', 'data/raw/B.jsonl', 'Data2/x.json', 'data/raw/a.jsonl'].map(
    (relPath) => ({ relPath }),
  );
  const groups = groupByFolder(items, false).map((g) => [g.label, g.items.map((i) => i.relPath)]);
  assert.deepEqual(groups, [
    ['data', ['data/law_2k.json', 'data/law_10k.json']],
    ['data/raw', ['data/raw/a.jsonl', 'data/raw/B.jsonl']],
    ['Data2', ['Data2/x.json']],
    [undefined, ['a.jsonl', 'z.json']],
  ]);
});

test('with several workspace folders the folder name leads the group', () => {
  assert.equal(groupLabel({ relPath: 'a.json', folderName: 'law' }, true), 'law');
  assert.equal(groupLabel({ relPath: 'd/a.json', folderName: 'law' }, true), 'law/d');
  assert.equal(groupLabel({ relPath: 'd/a.json', folderName: 'law' }, false), 'd');
  assert.equal(groupLabel({ relPath: 'a.json', folderName: 'law' }, false), undefined);
});

test('comparePaths is a total order', () => {
  assert.ok(comparePaths('a', 'B') < 0);
  assert.ok(comparePaths('x2', 'x10') < 0);
  assert.notEqual(comparePaths('a', 'A'), 0);
});
