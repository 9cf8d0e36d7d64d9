// The report view's webview logic without a browser: the chart's data from a real report
// (intervals → floating bars, the axis around every interval and 100 %), the tables a screen
// reader reads (the same numbers as the JSON report, names kept as text), and the view model
// against a fake host (language before the first render, refreshes, one export at a time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticSnapshot } from '../../bench/reviewSnapshot';
import { english } from '../../extension/core/l10n';
import { buildReport } from '../../extension/core/review/report';
import { pct } from '../../extension/core/review/reportFormat';
import type { Requests, ReportState } from '../../shared/reportView/protocol';
import { event, type EventMessage } from '../../shared/rpc';
import type { Events } from '../../shared/reportView/protocol';
import { axisRange, figureBars, rowLabel } from '../../webview/reportView/figureBars';
import { categoryTable, comparisonSentences, figuresTable, flagsTable, lengthTable, positionBiasTable, verdicts } from '../../webview/reportView/reportTables';
import { ReportViewModel, type Call } from '../../webview/reportView/reportViewModel';
import { bothOrders, fixture } from './reviewFixture';

const synthetic = buildReport(syntheticSnapshot({ questions: 120, models: 4, reviewers: 2, seed: 11, reviewedShare: 0.3 }));

test('figureBars: each figure a point on its interval', () => {
  const b = figureBars(synthetic, english);
  assert.deepEqual(b.models, synthetic.models.map((m) => m.model));
  const [judge, human, corrected] = b.series;
  assert.deepEqual(b.series.map((s) => s.key), ['judge', 'human', 'corrected']);
  synthetic.models.forEach((m, i) => {
    assert.equal(judge.values[i], m.judge_pct);
    assert.deepEqual(judge.bars[i], m.judge_ci);
    assert.equal(judge.hasInterval[i], true);
    assert.equal(human.values[i], m.human_adjusted_pct);
    assert.deepEqual(human.bars[i], m.human_adjusted_ci);
    assert.equal(human.hasInterval[i], true);
    assert.equal(corrected.values[i], m.corrected_pct);
    assert.deepEqual(corrected.bars[i], m.corrected_ci);
    // The point lies on its bar.
    for (const s of b.series) assert.ok(s.bars[i]![0] <= s.values[i]! && s.values[i]! <= s.bars[i]![1], s.key);
  });
  const ends = b.series.flatMap((s) => s.bars.flat()) as number[];
  assert.ok(b.min <= Math.min(...ends) && b.max >= Math.max(...ends));
  assert.ok(b.min < 100 && 100 < b.max);
});

test('figureBars: no corrected figure (too few reviews) is no bar, not a bar at 0', () => {
  const qs = Array.from({ length: 6 }, (_, i) => ({ key: `q${i}` }));
  const r = buildReport(fixture({ questions: qs, models: ['chatglm', 'law'], baseline: 'chatglm', judgments: qs.flatMap((q, i) => bothOrders(q.key, 'law', 5 + (i % 3), 6)) }));
  const corrected = figureBars(r, english).series[2];
  assert.deepEqual(corrected.values, [null]);
  assert.deepEqual(corrected.bars, [null]);
  assert.deepEqual(corrected.hasInterval, [false]);
});

test('rowLabel: a run name broken after its separators into lines that fit, nothing lost', () => {
  assert.deepEqual(rowLabel('law_batch128_epoch6_penalty1.0_vicuna'), ['law_batch128_epoch6_', 'penalty1.0_vicuna']);
  assert.deepEqual(rowLabel('chatglm-6b'), ['chatglm-6b']);
  assert.deepEqual(rowLabel('一个很长的中文模型名字没有任何分隔符号可以断开的情况', 10), ['一个很长的中文模型名', '字没有任何分隔符号可', '以断开的情况']);
  for (const name of ['law_batch64_epoch3_penalty1.2_chatglm', 'a__b--c..d', '_x_', 'x'.repeat(45), 'm']) {
    const lines = rowLabel(name, 12);
    assert.equal(lines.join(''), name, name);
    assert.ok(lines.every((l) => l.length > 0 && l.length <= 12), `${name}: ${JSON.stringify(lines)}`);
  }
});

test('axisRange: multiples of 10, 100 and every value inside with a margin, never below 0', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let k = 0; k < 500; k++) {
    const xs = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => rand() * 250);
    const { min, max } = axisRange(xs);
    assert.equal(min % 10, 0);
    assert.equal(max % 10, 0);
    assert.ok(min >= 0);
    for (const x of [...xs, 100]) assert.ok(min <= Math.max(0, x - 2) && x + 2 <= max, `${x} in [${min}, ${max}]`);
  }
  assert.deepEqual(axisRange([]), { min: 90, max: 110 });
  assert.deepEqual(axisRange([NaN, 101]), { min: 90, max: 110 });
});

test('the tables carry the report’s numbers, one row per model (and category), the baseline’s lengths last', () => {
  const f = figuresTable(synthetic, english);
  assert.equal(f.headers.length, f.numeric.length);
  assert.deepEqual(f.rows.map((r) => r[0]), synthetic.models.map((m) => m.model));
  synthetic.models.forEach((m, i) => {
    assert.equal(f.rows[i][f.headers.indexOf('Judge')], pct(m.judge_pct));
    assert.equal(f.rows[i][f.headers.indexOf('Human-adjusted')], pct(m.human_adjusted_pct));
    assert.equal(f.rows[i][f.headers.indexOf('Corrected')], pct(m.corrected_pct));
    assert.equal(f.rows[i][f.headers.indexOf('Judge interval')], `${pct(m.judge_ci![0])} to ${pct(m.judge_ci![1])}`);
  });
  const c = categoryTable(synthetic, english)!;
  assert.equal(c.rows.length, synthetic.models.reduce((s, m) => s + m.categories.length, 0));
  assert.deepEqual(new Set(c.rows.map((r) => r[1])), new Set(['legal', 'general']));
  const p = positionBiasTable(synthetic, english);
  assert.equal(p.rows[0][1], pct(synthetic.models[0].baseline_first_pct));
  assert.equal(p.rows[0][2], pct(synthetic.models[0].baseline_second_pct));
  const l = lengthTable(synthetic, english);
  assert.equal(l.rows.length, synthetic.models.length + 1);
  assert.equal(l.rows.at(-1)![0], `${synthetic.baseline} (baseline)`);
  assert.equal(l.rows[0][4], String(synthetic.models[0].length.cut_off));
  for (const t of [f, c, p, l]) for (const r of t.rows) assert.equal(r.length, t.headers.length);
  assert.equal(comparisonSentences(synthetic, english).length, synthetic.comparisons.length);
  // The headline in words: the corrected figure when there is one (the synthetic set has reviews).
  assert.deepEqual(verdicts(synthetic, english).map((v) => v.model), synthetic.models.map((m) => m.model));
  verdicts(synthetic, english).forEach((v, i) => assert.match(v.text, new RegExp(`^In short: ${pct(synthetic.models[i].corrected_pct).replace('.', '\\.')} \\(corrected by human reviews\\), .*baseline`)));
});

test('flags by kind: confirmed and suggested counted apart, rejected left out, none gives no table; names stay text', () => {
  const qs = ['q1', 'q2', 'q3'].map((key) => ({ key }));
  const evil = '<img src=x onerror=alert(1)>';
  const spec = { questions: qs, models: ['chatglm', evil], baseline: 'chatglm', judgments: qs.flatMap((q) => bothOrders(q.key, evil, 6, 6)) };
  assert.equal(flagsTable(buildReport(fixture(spec)), english), undefined);
  const r = buildReport(fixture({ ...spec, flags: [['q1', evil, 'leakage', 'confirmed'], ['q2', evil, 'leakage', 'suggested'], ['q3', evil, 'leakage', 'rejected'], ['q1', 'chatglm', 'repetition', 'suggested']] }));
  assert.deepEqual(flagsTable(r, english)!.rows, [
    [evil, 'training-data leak', '1', '1'],
    ['chatglm (baseline)', 'repetition', '0', '1'],
  ]);
  assert.equal(figuresTable(r, english).rows[0][0], evil);
});

test('comparisons are said plainly: within noise, or who is ahead', () => {
  const qs = Array.from({ length: 12 }, (_, i) => ({ key: `q${i}` }));
  const judgments = qs.flatMap((q, i) => [...bothOrders(q.key, 'same1', 6 + (i % 2), 6), ...bothOrders(q.key, 'same2', 6 + ((i + 1) % 2), 6), ...bothOrders(q.key, 'better', 9, 5)]);
  const r = buildReport(fixture({ questions: qs, models: ['chatglm', 'same1', 'same2', 'better'], baseline: 'chatglm', judgments }));
  const sentences = comparisonSentences(r, english);
  assert.match(sentences.find((s) => s.startsWith('same1 vs same2'))!, /within noise/);
  assert.match(sentences.find((s) => s.startsWith('same1 vs better'))!, /better is ahead beyond noise/);
});

/** A fake host: answers `ready` with `state`, `export` as `exportReply` says; records the calls. */
function fakeHost(state: ReportState, exportReply: () => Promise<{ path?: string }>) {
  const calls: string[] = [];
  const call: Call = (async (method: keyof Requests, params: unknown) => {
    calls.push(`${method} ${JSON.stringify(params) ?? ''}`.trim());
    if (method === 'ready') return { state, l10n: { 'Judge': '评判' } };
    return exportReply();
  }) as Call;
  return { call, calls };
}

test('the view model: the language is set before the first report shows, refreshes replace the report', async () => {
  const order: string[] = [];
  const host = fakeHost({ set: 's', report: synthetic }, async () => ({}));
  const model = new ReportViewModel(host.call, (bundle) => order.push(`l10n ${bundle?.Judge}`));
  model.subscribe(() => order.push(`render ${model.state?.report?.set}`));
  // (Read through a function: the compiler would keep the narrowing to undefined past the await.)
  const state = () => model.state;
  assert.equal(state(), undefined);
  await model.ready();
  assert.deepEqual(order, ['l10n 评判', `render ${synthetic.set}`]);
  assert.equal(model.revision, 1);
  const later = buildReport(syntheticSnapshot({ questions: 40, models: 2, reviewers: 1, seed: 3, reviewedShare: 0.5 }));
  model.handleEvent(event<Events, 'report'>('report', { set: 's', report: later }) as EventMessage<Events>);
  assert.equal(state()?.report, later);
  assert.equal(model.revision, 2);
  model.handleEvent(event<Events, 'report'>('report', { set: 's', error: 'No judgments yet' }) as EventMessage<Events>);
  assert.equal(state()?.report, undefined);
  assert.equal(state()?.error, 'No judgments yet');
});

test('the view model: one export at a time; written, cancelled and failed exports are told apart; no export without a report', async () => {
  let release!: (v: { path?: string }) => void;
  const host = fakeHost({ set: 's', report: synthetic }, () => new Promise((resolve) => (release = resolve)));
  const model = new ReportViewModel(host.call);
  await model.ready();
  const first = model.export('json');
  assert.deepEqual(model.exportStatus, { kind: 'exporting', format: 'json' });
  await model.export('csv'); // ignored while the first is open
  release({ path: '/w/s-report.json' });
  await first;
  assert.deepEqual(host.calls, ['ready', 'export {"format":"json"}']);
  assert.deepEqual(model.exportStatus, { kind: 'written', format: 'json', path: '/w/s-report.json' });

  const cancel = model.export('markdown');
  release({});
  await cancel;
  assert.deepEqual(model.exportStatus, { kind: 'idle' });

  const failing = new ReportViewModel(fakeHost({ set: 's', report: synthetic }, async () => { throw new Error('EACCES: permission denied'); }).call);
  await failing.ready();
  await failing.export('csv');
  assert.deepEqual(failing.exportStatus, { kind: 'failed', format: 'csv', message: 'EACCES: permission denied' });

  const empty = fakeHost({ set: 's', error: 'no baseline' }, async () => ({ path: 'x' }));
  const none = new ReportViewModel(empty.call);
  await none.ready();
  await none.export('json');
  assert.deepEqual(empty.calls, ['ready']);
});
