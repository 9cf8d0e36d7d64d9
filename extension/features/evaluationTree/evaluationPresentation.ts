// How the Evaluation view shows its sets and models: descriptions and tooltips. Pure (takes a
// Translate; vscode.l10n.t in the extension), unit-tested in Node.
import type { Translate } from '../../core/l10n';
import type { ModelReport } from '../../core/review/report';
import { headline } from '../../core/review/reportFormat';
import type { ModelAttributes } from '../../core/review/types';
import type { SetSummary } from '../../store/setQueries';

/** A model's standing in its set: its answers, how many were judged and reviewed. */
export interface ModelCounts {
  answers: number;
  judged: number;
  reviewed: number;
}

/** `16 questions · 3 models · 32 judged · 12 of 48 reviewed`: candidate answers judged, answers reviewed. */
export function setDescription(t: Translate, s: SetSummary): string {
  return t('{0} questions · {1} models · {2} judged · {3} of {4} reviewed', s.questions, s.models, s.judged, s.reviewed, s.answers);
}

export function setTooltip(t: Translate, s: SetSummary): string {
  return [s.name, t('Questions: {0}', s.questions), t('Models: {0}', s.models), t('Answers: {0}, judged {1}, reviewed {2}', s.answers, s.judged, s.reviewed)].join('\n');
}

/** What the run name says: `epoch 6 · penalty 1.2 · vicuna`. */
export function attributesText(t: Translate, a: ModelAttributes): string {
  const parts: string[] = [];
  if (a.dataset !== undefined) parts.push(t('data {0}', a.dataset));
  if (a.batchSize !== undefined) parts.push(t('batch {0}', a.batchSize));
  if (a.epoch !== undefined) parts.push(t('epoch {0}', a.epoch));
  if (a.penalty !== undefined) parts.push(t('penalty {0}', a.penalty));
  if (a.template !== undefined) parts.push(a.template);
  return parts.join(' · ');
}

/** The headline figure with its interval, short: `98.2 % [91.0–105.3]`, or undefined before any judgment. */
export function headlineText(t: Translate, m: ModelReport): string | undefined {
  const h = headline(m);
  if (h.pct === null) return undefined;
  const figure = `${h.pct.toFixed(1)} %`;
  const ci = h.ci === null ? '' : ` [${h.ci[0].toFixed(1)}–${h.ci[1].toFixed(1)}]`;
  return h.label === 'corrected' ? t('{0} corrected', `${figure}${ci}`) : `${figure}${ci}`;
}

export function modelDescription(t: Translate, attributes: ModelAttributes, role: { baseline: boolean; report?: ModelReport }): string {
  const parts = [attributesText(t, attributes)];
  if (role.baseline) parts.push(t('baseline'));
  else if (role.report) parts.push(headlineText(t, role.report) ?? t('not judged'));
  return parts.filter((p) => p !== '').join(' · ');
}

export function modelTooltip(t: Translate, name: string, counts: ModelCounts, role: { baseline: boolean; report?: ModelReport }): string {
  const lines = [name, t('Answers: {0}, judged {1}, reviewed {2}', counts.answers, counts.judged, counts.reviewed)];
  const r = role.report;
  if (role.baseline) lines.push(t('The baseline: every other model is scored against it.'));
  else if (r) {
    const figure = headlineText(t, r);
    if (figure !== undefined) lines.push(t('{0} of the baseline over {1} questions (95 % interval)', figure, r.questions));
    if (r.baseline_first_pct !== null && r.baseline_second_pct !== null) {
      lines.push(t('Position bias: {0} with the baseline first, {1} with it second', `${r.baseline_first_pct.toFixed(1)} %`, `${r.baseline_second_pct.toFixed(1)} %`));
    }
  }
  return lines.join('\n');
}

/** Answers, judged and reviewed per model, from a snapshot's records. */
export function countsByModel(snapshot: {
  answers: ReadonlyArray<{ answerId: number; model: string }>;
  judgments: ReadonlyArray<{ candidateAnswerId: number; baselineAnswerId: number; parseStatus: string }>;
  reviews: ReadonlyArray<{ answerId: number }>;
}): Map<string, ModelCounts> {
  const judged = new Set<number>();
  for (const j of snapshot.judgments) {
    if (j.parseStatus !== 'ok') continue;
    judged.add(j.candidateAnswerId);
    judged.add(j.baselineAnswerId);
  }
  const reviewed = new Set(snapshot.reviews.map((r) => r.answerId));
  const counts = new Map<string, ModelCounts>();
  for (const a of snapshot.answers) {
    const c = counts.get(a.model) ?? { answers: 0, judged: 0, reviewed: 0 };
    c.answers++;
    if (judged.has(a.answerId)) c.judged++;
    if (reviewed.has(a.answerId)) c.reviewed++;
    counts.set(a.model, c);
  }
  return counts;
}
