// One answer's score buttons, 1 to 10: the pressed one is the reviewer's current score. The keys
// do the same (digits for the candidate, Shift+digits for the baseline; see keys.ts).
import { html } from 'lit';
import { t } from '../shared/l10n';
import type { ReviewModel } from './reviewModel';
import type { AnswerSide, ScoreTarget } from '../../shared/reviewPanel/protocol';

export function scoreRow(model: ReviewModel, target: ScoreTarget, side: AnswerSide) {
  const current = side.review?.score;
  const label = target === 'candidate' ? t('Your score for the candidate’s answer') : t('Your score for the baseline’s answer');
  return html`<div class="score-row" role="group" aria-label=${label}>
    <span class="score-label">${label}</span>
    ${Array.from({ length: 10 }, (_, i) => i + 1).map(
      (score) => html`<button
        class="chip score"
        data-score=${score}
        ?disabled=${side.answerId === undefined}
        aria-pressed=${current === score ? 'true' : 'false'}
        aria-label=${t('Score {0}', score)}
        @click=${() => void model.score(target, score)}
      >${score}</button>`,
    )}
    <span class="muted">${side.others > 0 ? t('{0} other reviewer(s)', side.others) : ''}</span>
  </div>`;
}
