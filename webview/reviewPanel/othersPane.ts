// The other reviewers' entries on this item, read-only and hidden until asked for (`v`): their
// scores and notes on both answers, and the flags whose last decision is theirs. One reviewer's
// entries never change another's (the store keeps each reviewer's rows apart).
import { html, nothing } from 'lit';
import { flagKindText } from '../../extension/core/review/flagText';
import { t } from '../shared/l10n';
import type { ReviewModel } from './reviewModel';

export function othersPane(model: ReviewModel) {
  const item = model.item;
  const me = model.init?.reviewer;
  if (!item) return nothing;
  const reviews = item.otherReviews;
  // A flag is one per answer and kind; the last person to decide it is the one named here.
  const flags = item.flags.filter((f) => f.who !== me && f.who !== '' && f.who !== f.evidence?.detector && f.status !== 'suggested');
  const count = new Set([...reviews.map((r) => r.reviewer), ...flags.map((f) => f.who)]).size;
  return html`<div class="others">
    <button class="chip" data-others-toggle aria-expanded=${model.othersVisible ? 'true' : 'false'} title="v" @click=${() => model.toggleOthers()}>
      ${model.othersVisible ? t('Hide other reviewers') : t('Show other reviewers ({0})', count)} <kbd>v</kbd>
    </button>
    ${model.othersVisible
      ? html`<div class="others-list" role="region" aria-label=${t('Other reviewers’ entries (read-only)')}>
          ${count === 0 ? html`<p class="muted">${t('No other reviewer has entries on this answer.')}</p>` : nothing}
          ${reviews.length
            ? html`<table>
                <thead><tr><th>${t('Reviewer')}</th><th>${t('Answer')}</th><th>${t('Score')}</th><th>${t('Note')}</th></tr></thead>
                <tbody>
                  ${reviews.map(
                    (r) => html`<tr data-other=${r.reviewer} data-target=${r.target}>
                      <td>${r.reviewer}</td>
                      <td>${r.target === 'candidate' ? t('Candidate') : t('Baseline')}</td>
                      <td>${r.score}</td>
                      <td>${r.note ?? ''}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
            : nothing}
          ${flags.map((f) => html`<div class="other-flag" data-other-flag=${f.kind}>${f.status === 'confirmed' ? t('{0} confirmed the flag {1}.', f.who, flagKindText(f.kind, t)) : t('{0} rejected the flag {1}.', f.who, flagKindText(f.kind, t))}${f.note ? html` — <span>${f.note}</span>` : nothing}</div>`)}
        </div>`
      : nothing}
  </div>`;
}
