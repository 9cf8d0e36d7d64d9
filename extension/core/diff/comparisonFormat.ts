// The comparison as a shareable report: Markdown (changes marked `[-removed-]` / `{+added+}`, as
// wdiff does, inside a fence that no answer can close) and self-contained HTML (inline CSS, no
// script, no external resource, a CSP that forbids both, every text escaped), so the file opens
// offline and an answer containing markup shows as text. Every sentence goes through a Translate.
// Browser-safe.
import type { Translate } from '../l10n';
import { escapeCell } from '../review/reportFormat';
import type { AnswerDiff, DiffSegment } from './answerDiff';
import type { Comparison, PairStats, QuestionComparison } from './comparison';

const percent = (x: number) => `${(x * 100).toFixed(0)} %`;
const signed = (x: number, digits = 0) => (x > 0 ? '+' : x < 0 ? '−' : '±') + Math.abs(x).toFixed(digits);
const score = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(1));

function scoreChange(from: number | undefined, to: number | undefined, change: number | undefined): string {
  if (from === undefined && to === undefined) return '—';
  return `${score(from)} → ${score(to)}${change === undefined ? '' : ` (${signed(change, 1)})`}`;
}

/** The cells every format shows for a pair, in the table's order. */
function statCells(s: PairStats): string[] {
  return [
    percent(s.shareChanged),
    `${s.lengthA} → ${s.lengthB} (${signed(s.lengthChange)})`,
    `${percent(s.repetitionA)} → ${percent(s.repetitionB)}`,
    scoreChange(s.judgeA, s.judgeB, s.judgeChange),
    scoreChange(s.humanA, s.humanB, s.humanChange),
  ];
}

function headers(t: Translate): string[] {
  return [t('Question'), t('Changed'), t('Length'), t('Repetition'), t('Judge'), t('Human')];
}

/** One line of a pair's stats ("Changed 48 % · Length 9 → 18 (+9) · …"), for a list item or a panel header. */
export function statSummary(s: PairStats, t: Translate): string {
  const names = headers(t).slice(1);
  return statCells(s).map((cell, i) => `${names[i]} ${cell}`).join(' · ');
}

/** Sentences about the whole set, the same in both formats. */
function summaryLines(c: Comparison, t: Translate): string[] {
  const s = c.summary;
  const lines = [
    t('{0} of {1} questions answered by both models; {2} identical.', s.compared, s.questions, s.identical),
    t('On average {0} of the text changed; length changed by {1} characters, repetition by {2} points.', percent(s.meanShareChanged), signed(s.meanLengthChange, 1), signed(s.meanRepetitionChange * 100, 1)),
  ];
  if (s.meanJudgeChange !== undefined) lines.push(t("The judge's score changed by {0} on average.", signed(s.meanJudgeChange, 2)));
  if (s.meanHumanChange !== undefined) lines.push(t('The human score changed by {0} on average.', signed(s.meanHumanChange, 2)));
  if (c.judgeNote !== undefined) lines.push(t('No judge scores: {0}', c.judgeNote));
  if (s.coarse > 0) lines.push(t('{0} question(s) differ too much for a {1} diff and are compared by {2}.', s.coarse, modeText(c.mode, t), t('sentences or whole answers')));
  lines.push(t('Repetition is the share of 4-character sequences that repeat an earlier one.'));
  return lines;
}

function modeText(mode: string, t: Translate): string {
  return mode === 'char' ? t('character') : t('word');
}

export function coarseText(d: AnswerDiff, t: Translate): string | undefined {
  if (!d.coarse) return undefined;
  const level = d.level === 'sentence' ? t('by sentence') : d.level === 'word' ? t('by word') : t('as whole answers');
  return t('These answers differ too much for a {0} diff: compared {1}.', modeText(d.mode, t), level);
}

function missingText(q: QuestionComparison, c: Comparison, t: Translate): string | undefined {
  const missing = [q.answerA === undefined ? c.a : undefined, q.answerB === undefined ? c.b : undefined].filter((m) => m !== undefined);
  return missing.length === 0 ? undefined : t('No answer from {0}.', missing.join(', '));
}

function byKey(c: Comparison): Map<string, QuestionComparison> {
  return new Map(c.questions.map((q) => [q.question.key, q]));
}

// ---- Markdown ---------------------------------------------------------------------------------

/** Text outside code: backslash-escape what Markdown (and the HTML it allows) would interpret. */
function mdText(s: string): string {
  return s.replace(/[\\`*_{}[\]<>#|!~&]/g, '\\$&').replace(/\r?\n/g, ' ');
}

function wdiff(segments: readonly DiffSegment[]): string {
  return segments.map((s) => (s.kind === 'removed' ? `[-${s.text}-]` : s.kind === 'added' ? `{+${s.text}+}` : s.text)).join('');
}

function fence(body: string): string {
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}text\n${body}\n${f}`;
}

export function formatComparisonMarkdown(c: Comparison, t: Translate): string {
  const lines: string[] = [];
  lines.push(`# ${t('Answer comparison: {0} → {1}', mdText(c.a), mdText(c.b))}`, '');
  lines.push(t('Evaluation set {0}; {1} diff.', mdText(c.set), modeText(c.mode, t)), '');
  lines.push(...summaryLines(c, t).map((l) => `- ${mdText(l)}`), '');
  lines.push(`## ${t('Most changed first')}`, '');
  lines.push(`| ${headers(t).join(' | ')} |`, '| --- | ---: | --- | --- | --- | --- |');
  const questions = byKey(c);
  for (const key of c.mostChanged) {
    const q = questions.get(key)!;
    lines.push(`| ${escapeCell(mdText(`${key} ${q.question.text}`))} | ${statCells(q.stats).join(' | ')} |`);
  }
  lines.push('', `## ${t('Answers')}`, '', mdText(t('Removed text is marked {0}, added text {1}.', '[-…-]', '{+…+}')), '');
  for (const q of c.questions) {
    lines.push(`### ${mdText(`${q.question.key} ${q.question.text}`)}`, '');
    for (const note of [missingText(q, c, t), coarseText(q.diff, t)]) if (note) lines.push(`> ${mdText(note)}`, '');
    lines.push(fence(wdiff(q.diff.segments)), '');
  }
  return lines.join('\n');
}

// ---- HTML -------------------------------------------------------------------------------------

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

const STYLE = `
body { font: 15px/1.6 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; background: #fff; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
.answer { white-space: pre-wrap; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 12px; background: #f6f8fa; }
del { background: #ffd7d5; color: #82071e; text-decoration: line-through; }
ins { background: #ccffd8; color: #055d20; text-decoration: none; }
.note { color: #9a6700; }
@media (prefers-color-scheme: dark) {
  body { color: #e6edf3; background: #0d1117; } th { background: #161b22; } .answer { background: #161b22; border-color: #30363d; }
  th, td { border-color: #30363d; } del { background: #67060c; color: #ffdcd7; } ins { background: #033a16; color: #aff5b4; } .note { color: #d29922; }
}`;

function htmlSegments(segments: readonly DiffSegment[]): string {
  return segments.map((s) => (s.kind === 'removed' ? `<del>${escapeHtml(s.text)}</del>` : s.kind === 'added' ? `<ins>${escapeHtml(s.text)}</ins>` : escapeHtml(s.text))).join('');
}

export function formatComparisonHtml(c: Comparison, t: Translate, lang = 'en'): string {
  const e = escapeHtml;
  const title = t('Answer comparison: {0} → {1}', c.a, c.b);
  const out: string[] = [];
  out.push(
    '<!DOCTYPE html>',
    `<html lang="${e(lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    // No script, no fetch: the report is a document, shareable and safe to open from anywhere.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${e(title)}</h1>`,
    `<p>${e(t('Evaluation set {0}; {1} diff.', c.set, modeText(c.mode, t)))}</p>`,
    '<ul>',
    ...summaryLines(c, t).map((l) => `<li>${e(l)}</li>`),
    '</ul>',
    `<h2>${e(t('Most changed first'))}</h2>`,
    '<table>',
    `<tr>${headers(t).map((h) => `<th>${e(h)}</th>`).join('')}</tr>`,
  );
  const questions = byKey(c);
  for (const key of c.mostChanged) {
    const q = questions.get(key)!;
    out.push(`<tr><td><a href="#${e(anchor(key))}">${e(key)}</a> ${e(q.question.text)}</td>${statCells(q.stats).map((s) => `<td>${e(s)}</td>`).join('')}</tr>`);
  }
  out.push('</table>', `<h2>${e(t('Answers'))}</h2>`, `<p>${e(t('Removed text is struck out in red, added text is green.'))}</p>`);
  for (const q of c.questions) {
    out.push(`<h3 id="${e(anchor(q.question.key))}">${e(q.question.key)} ${e(q.question.text)}</h3>`);
    for (const note of [missingText(q, c, t), coarseText(q.diff, t)]) if (note) out.push(`<p class="note">${e(note)}</p>`);
    out.push(`<div class="answer">${htmlSegments(q.diff.segments)}</div>`);
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}

/** An id attribute from a question key (keys are free text when the importer hashed none). */
function anchor(key: string): string {
  return `q-${key.replace(/[^\w-]/g, '_')}`;
}
