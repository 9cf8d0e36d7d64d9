// The comparison of two models over a set: per-question stats computed by hand from small texts,
// judge and human score changes from the snapshot, the most-changed order, missing answers, and
// the Markdown and HTML reports (escaping included).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { compareModels } from '../../extension/core/diff/comparison';
import { formatComparisonHtml, formatComparisonMarkdown } from '../../extension/core/diff/comparisonFormat';
import { english } from '../../extension/core/l10n';
import { ReviewInputError } from '../../extension/core/review/scoring';
import { bothOrders, fixture, type FixtureSpec } from './reviewFixture';

const E3 = 'law_epoch3';
const E6 = 'law_epoch6';
const spec: FixtureSpec = {
  questions: [{ key: 'q1' }, { key: 'q2' }, { key: 'q3' }],
  models: ['chatglm', E3, E6],
  baseline: 'chatglm',
  judgments: [...bothOrders('q1', E3, 8, 6), ...bothOrders('q1', E6, 5, 6), ['q2', E3, true, 7, 7], ['q2', E3, false, 9, 7]],
  reviews: [['q1', E3, 'ann', 8], ['q1', E6, 'ann', 4], ['q1', E6, 'bob', 6]],
  texts: {
    'q1/law_epoch3': '出借人可以先催告。',
    'q1/law_epoch6': '出借人应当先催告。催告催告催告催告。',
    'q2/law_epoch3': '借款到期不还。',
    'q2/law_epoch6': '借款到期不还。',
    'q3/law_epoch3': '<script>alert("x")</script> & ```',
    'q3/law_epoch6': '<b>粗体</b> & ```',
  },
};

describe('compareModels', () => {
  const c = compareModels(fixture(spec), E3, E6);
  const q = (key: string) => c.questions.find((x) => x.question.key === key)!;

  it('share changed, length and repetition change per question', () => {
    const s = q('q1').stats;
    // 可以 removed (2), 应当 + 催告催告催告催告。 added (2 + 9): 13 of 9 + 18 characters.
    assert.equal(s.shareChanged, 13 / 27);
    assert.deepEqual([s.lengthA, s.lengthB, s.lengthChange], [9, 18, 9]);
    assert.equal(s.repetitionA, 0);
    assert.equal(s.repetitionB, 3 / 15); // of 15 windows, 催告催告 twice and 告催告催 once repeat
    assert.equal(s.repetitionChange, s.repetitionB);
    assert.equal(q('q2').stats.shareChanged, 0);
  });

  it("the judge's both-orders mean and the reviewers' mean, and their change", () => {
    const s = q('q1').stats;
    assert.deepEqual([s.judgeA, s.judgeB, s.judgeChange], [8, 5, -3]);
    assert.deepEqual([s.humanA, s.humanB, s.humanChange], [8, 5, -3]);
    const s2 = q('q2').stats;
    assert.equal(s2.judgeA, 8);
    assert.equal(s2.judgeB, undefined);
    assert.equal(s2.judgeChange, undefined);
    assert.equal(c.summary.meanJudgeChange, -3);
    assert.equal(c.summary.meanHumanChange, -3);
  });

  it('the baseline scored against its opponents, when it is one side', () => {
    const b = compareModels(fixture(spec), 'chatglm', E3);
    const s = b.questions[0].stats;
    assert.equal(s.judgeA, 6); // 6 against both candidates on q1
    assert.equal(s.judgeB, 8);
  });

  it('most changed first; the summary over the set', () => {
    assert.equal(c.mostChanged[c.mostChanged.length - 1], 'q2');
    assert.equal(c.summary.questions, 3);
    assert.equal(c.summary.compared, 3);
    assert.equal(c.summary.identical, 1);
    assert.equal(c.summary.coarse, 0);
    const shares = c.questions.map((x) => x.stats.shareChanged);
    assert.equal(c.summary.meanShareChanged, shares.reduce((a, b) => a + b) / 3);
  });

  it('a missing answer compares as empty and is not in the means', () => {
    const snap = fixture(spec);
    snap.answers = snap.answers.filter((a) => !(a.questionKey === 'q2' && a.model === E6));
    const m = compareModels(snap, E3, E6);
    const q2 = m.questions.find((x) => x.question.key === 'q2')!;
    assert.equal(q2.answerB, undefined);
    assert.deepEqual(q2.diff.segments, [{ kind: 'removed', text: '借款到期不还。' }]);
    assert.equal(m.summary.compared, 2);
    assert.match(formatComparisonMarkdown(m, english), /No answer from law\\_epoch6\./);
  });

  it('an unknown model is a ReviewInputError naming the models; several baselines only drop the judge scores', () => {
    assert.throws(() => compareModels(fixture(spec), E3, 'nope'), (e: Error) => e instanceof ReviewInputError && /nope.*chatglm, law_epoch3, law_epoch6/.test(e.message));
    const snap = fixture(spec);
    snap.judgments.push({ ...snap.judgments[0], baseline: E6 });
    const m = compareModels(snap, E3, E6);
    assert.match(m.judgeNote ?? '', /several baselines/);
    assert.equal(m.questions[0].stats.judgeA, undefined);
    assert.deepEqual([m.questions[0].stats.humanA, m.questions[0].stats.humanB], [8, 5]);
  });
});

describe('the comparison reports', () => {
  const c = compareModels(fixture(spec), E3, E6);

  it('Markdown: the stats table most changed first, wdiff marks in a fence no answer closes', () => {
    const md = formatComparisonMarkdown(c, english);
    assert.match(md, /^# Answer comparison: law\\_epoch3 → law\\_epoch6/);
    const rows = md.split('\n').filter((l) => /^\| q\d/.test(l));
    assert.equal(rows.length, 3);
    assert.match(rows[2], /^\| q2 .*\| 0 % \| 7 → 7 \(±0\) \|/);
    assert.match(md, /\| 48 % \| 9 → 18 \(\+9\) \| 0 % → \d+ % \| 8\.0 → 5\.0 \(−3\.0\) \| 8\.0 → 5\.0 \(−3\.0\) \|/);
    assert.match(md, /```text\n出借人\[-可以-\]\{\+应当\+\}先催告。\{\+催告催告催告催告。\+\}\n```/);
    // q3's answers hold ``` : its fence is longer, so the answer cannot end it.
    assert.match(md, /````text\n<\[-script-\]\{\+b\+\}>\[-alert\("x"\)-\]\{\+粗体\+\}<\/\[-script-\]\{\+b\+\}> & ```\n````\n/);
  });

  it('HTML: self-contained, no script, every text escaped', () => {
    const html = formatComparisonHtml(c, english);
    assert.ok(!/<script/i.test(html), 'no script element, not even from an answer');
    assert.ok(!/<b>/.test(html));
    assert.ok(!/\b(?:src|href)="(?!#)/.test(html), 'no external resource: only in-page links');
    assert.match(html, /&lt;<del>script<\/del><ins>b<\/ins>&gt;<del>alert\(&quot;x&quot;\)<\/del><ins>粗体<\/ins>&lt;\/<del>script<\/del><ins>b<\/ins>&gt; &amp; ```/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
    assert.match(html, /<del>可以<\/del><ins>应当<\/ins>/);
  });

  it('says when a diff is coarse', () => {
    const m = compareModels(fixture(spec), E3, E6, { maxEditLength: 1 });
    assert.ok(m.summary.coarse >= 1);
    assert.match(formatComparisonMarkdown(m, english), /differ too much for a word diff/);
    assert.match(formatComparisonHtml(m, english), /class="note">These answers differ too much for a word diff: compared (by sentence|as whole answers)\./);
  });
});
