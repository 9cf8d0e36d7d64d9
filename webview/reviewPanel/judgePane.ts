// The judge's verdicts on the pair, folded: the scores from each order and its replies (model
// output, shown as text).
import { html } from 'lit';
import { t } from '../shared/l10n';
import type { JudgeOrder } from '../../shared/reviewPanel/protocol';

const num = (n: number | undefined) => (n === undefined ? '–' : String(n));

function summary(judgments: JudgeOrder[]): string {
  if (judgments.length === 0) return t('Judge: not judged yet');
  return t('Judge: {0}', judgments.map((j) => (j.parseStatus === 'ok' ? `${num(j.candidateScore)} : ${num(j.baselineScore)}` : t('unreadable reply'))).join(' · '));
}

export function judgePane(judgments: JudgeOrder[]) {
  return html`<details class="judge">
    <summary>${summary(judgments)} <span class="muted">${t('(candidate : baseline, each order)')}</span></summary>
    ${judgments.map(
      (j) => html`<div class="order">
        <div>
          <strong>${j.baselineFirst ? t('Baseline shown first') : t('Candidate shown first')}</strong>
          <span class="muted">${j.judgeModel}</span>
          ${j.parseStatus === 'ok' ? t('candidate {0}, baseline {1}', num(j.candidateScore), num(j.baselineScore)) : t('the reply could not be read')}
        </div>
        <div class="reply">${j.reply}</div>
      </div>`,
    )}
  </details>`;
}
