// The report's per-detector precision as the reviewers see it, from a real review store (SQLite
// in a temp dir): detector suggestions written as `lexreview scan --set` writes them, reviewers
// confirming and rejecting some, a re-scan dropping the undecided ones it no longer makes, and a
// reviewer's own flag that is no detector's. Checked in the JSON report, its Markdown, its CSV
// (parsed back) and the report view's table.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';

import { english } from '../../extension/core/l10n';
import { finding } from '../../extension/core/quality/finding';
import { detectorSignature, type FlagSuggestion } from '../../extension/core/quality/suggestions';
import type { AnswerImportRow } from '../../extension/core/review/answerImport';
import { buildReport, detectorPrecision } from '../../extension/core/review/report';
import { formatReportCsv, formatReportMarkdown } from '../../extension/core/review/reportFormat';
import type { FlagKind } from '../../extension/core/review/types';
import { ReviewStore } from '../../extension/store/reviewStore';
import { detectorsTable } from '../../webview/reportView/reportTables';

const SET = 'precision';
const MODELS = ['chatglm', 'law_epoch3', 'law_epoch6'];
const QUESTIONS = 6;

function rows(): AnswerImportRow[] {
  const out: AnswerImportRow[] = [];
  for (const model of MODELS) {
    for (let q = 1; q <= QUESTIONS; q++) {
      out.push({ questionKey: `q${q}`, keyedBy: 'id', question: `问题 ${q}`, model, answer: `${model} 对问题 ${q} 的回答。`, location: { file: 'a.jsonl', line: out.length + 1, record: out.length } });
    }
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'lexreview-precision-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function suggestion(store: ReviewStore, question: string, model: string, kind: FlagKind): FlagSuggestion {
  const detector = kind === 'leakage' ? 'leakage' : kind === 'repetition' ? 'repetition' : 'endings';
  const f = finding(detector, kind, 'high', `${kind} in ${question}`, [{ start: 0, end: 4, text: 'law_' }]);
  return { answerId: store.currentAnswerId(SET, question, model)!, kind, detector: detectorSignature(detector), evidence: { detector, version: f.version, severity: 'high', findings: [f] } };
}

/** A store where detectors suggested 5 leaks, 3 loops and 2 cut endings, and reviewers decided on some. */
function reviewedStore(): ReviewStore {
  const store = ReviewStore.open(join(mkdtempSync(join(dir, 'db-')), 'review.db'), { actor: 'test' });
  store.importAnswers(rows(), { set: SET });
  const detectors = ['leakage', 'repetition', 'endings'].map((d) => detectorSignature(d as 'leakage'));
  const leaks = [1, 2, 3, 4, 5].map((q) => suggestion(store, `q${q}`, 'law_epoch6', 'leakage'));
  const loops = [1, 2, 3].map((q) => suggestion(store, `q${q}`, 'law_epoch3', 'repetition'));
  // One on the baseline's answer: a detector is judged on every answer it flagged.
  const cut = [suggestion(store, 'q4', 'law_epoch3', 'truncation'), suggestion(store, 'q5', 'chatglm', 'truncation')];
  store.replaceDetectorSuggestions(SET, detectors, [...leaks, ...loops, ...cut]);
  const decide = (s: FlagSuggestion, status: 'confirmed' | 'rejected') => store.setFlag({ answerId: s.answerId, kind: s.kind, source: 'human', status, who: 'ann' });
  decide(leaks[0], 'confirmed');
  decide(leaks[1], 'confirmed');
  decide(leaks[2], 'confirmed');
  decide(leaks[3], 'rejected');
  decide(loops[0], 'rejected');
  decide(cut[1], 'confirmed');
  // A reviewer's own flag, where no detector suggested anything: not a detector's to count.
  store.setFlag({ answerId: store.currentAnswerId(SET, 'q6', 'law_epoch6')!, kind: 'citation', source: 'human', status: 'confirmed', who: 'ann' });
  store.setFlag({ answerId: store.currentAnswerId(SET, 'q6', 'law_epoch3')!, kind: 'repetition', source: 'human', status: 'confirmed', who: 'ann' });
  // A re-scan that no longer finds the undecided loop on q3 nor the rejected one on q1: the
  // undecided suggestion goes, the human decision stays.
  store.replaceDetectorSuggestions(SET, detectors, [...leaks, loops[1], ...cut]);
  return store;
}

describe('detector precision in the report', () => {
  const store = reviewedStore();
  after(() => store.db.close());
  const report = buildReport(store.snapshot(SET));

  it('counts, per kind a detector suggested, what reviewers confirmed, rejected and left open, and confirmed / decided', () => {
    assert.deepEqual(report.detectors, [
      { kind: 'leakage', confirmed: 3, rejected: 1, open: 1, precision: 0.75 },
      { kind: 'repetition', confirmed: 0, rejected: 1, open: 1, precision: 0 },
      { kind: 'truncation', confirmed: 1, rejected: 0, open: 1, precision: 1 },
    ]);
    assert.deepEqual(detectorPrecision(store.snapshot(SET)), report.detectors);
  });

  it('has no precision before any decision, and no row for a kind no detector suggested', () => {
    const fresh = ReviewStore.open(join(mkdtempSync(join(dir, 'db-')), 'review.db'), { actor: 'test' });
    try {
      fresh.importAnswers(rows(), { set: SET });
      assert.deepEqual(buildReport(fresh.snapshot(SET)).detectors, []);
      fresh.replaceDetectorSuggestions(SET, [detectorSignature('repetition')], [suggestion(fresh, 'q1', 'law_epoch3', 'repetition')]);
      assert.deepEqual(buildReport(fresh.snapshot(SET)).detectors, [{ kind: 'repetition', confirmed: 0, rejected: 0, open: 1, precision: null }]);
    } finally {
      fresh.db.close();
    }
  });

  it('Markdown: a table row per detector kind with the precision as a share', () => {
    const md = formatReportMarkdown(report, english);
    assert.match(md, /## Detectors as the reviewers see them/);
    assert.match(md, /\| training-data leak \| 3 \| 1 \| 1 \| 75 % \|/);
    assert.match(md, /\| repetition \| 0 \| 1 \| 1 \| 0 % \|/);
    assert.match(md, /\| cut off \| 1 \| 0 \| 1 \| 100 % \|/);
    assert.doesNotMatch(md, /\| wrong legal citation \| \d/);
  });

  it('CSV: a row of scope detector per kind, read back by a CSV parser; the model rows leave those columns empty', () => {
    const csv = parse(formatReportCsv(report), { columns: true }) as Array<Record<string, string>>;
    const detectorRows = csv.filter((r) => r.scope === 'detector');
    assert.deepEqual(detectorRows.map((r) => [r.set, r.model, r.detector_kind, r.detector_confirmed, r.detector_rejected, r.detector_open, r.detector_precision]), [
      [SET, '', 'leakage', '3', '1', '1', '0.75'],
      [SET, '', 'repetition', '0', '1', '1', '0'],
      [SET, '', 'truncation', '1', '0', '1', '1'],
    ]);
    const modelRows = csv.filter((r) => r.scope !== 'detector');
    assert.equal(modelRows.length, 2 * 2);
    for (const r of modelRows) assert.equal(r.detector_kind, '');
  });

  it('the report view shows the same numbers in its table', () => {
    const t = detectorsTable(report, english)!;
    assert.deepEqual(t.headers, ['Detector', 'Confirmed', 'Rejected', 'Undecided', 'Precision']);
    assert.deepEqual(t.rows.map((r) => r.slice(1)), [['3', '1', '1', '75 %'], ['0', '1', '1', '0 %'], ['1', '0', '1', '100 %']]);
    assert.equal(detectorsTable({ ...report, detectors: [] }, english), undefined);
  });
});
