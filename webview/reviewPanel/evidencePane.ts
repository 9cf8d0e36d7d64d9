// The detectors' flags on the candidate's answer: for each, what it found (the scan's sentences),
// its spans' colour as in the answer, Confirm / Reject (also `y` / `x` for the first open one, and
// the flag's letter), and, folded, the training records the answer copies with their text. All
// evidence is untrusted text and is shown as text.
import { html, nothing } from 'lit';
import { flagKindText } from '../../extension/core/review/flagText';
import { t } from '../shared/l10n';
import type { FlagState } from '../../shared/reviewPanel/protocol';
import type { ReviewModel } from './reviewModel';

function severityText(f: FlagState): string {
  switch (f.evidence?.severity) {
    case 'high': return t('high severity');
    case 'medium': return t('medium severity');
    case 'low': return t('low severity');
    default: return '';
  }
}

function statusText(f: FlagState): string {
  return f.status === 'suggested' ? t('open: confirm or reject') : f.status === 'confirmed' ? t('confirmed') : t('rejected');
}

function matched(f: FlagState) {
  const matches = f.evidence?.matches ?? [];
  if (matches.length === 0) return nothing;
  return html`<details class="matched">
    <summary>${t('Matched training record ({0})', matches.length)}</summary>
    ${matches.map(
      (m) => html`<div class="record" data-record=${m.record}>
        <div class="muted">${t('Record #{0}, field {1}: shares {2} characters', m.record, m.field || '–', m.longest)}</div>
        <div class="excerpt">${m.excerpt}</div>
      </div>`,
    )}
  </details>`;
}

export function evidencePane(model: ReviewModel) {
  const flags = (model.item?.flags ?? []).filter((f) => f.evidence !== undefined);
  if (flags.length === 0) return nothing;
  return html`<section class="evidence-list" aria-label=${t('Detector suggestions')}>
    ${flags.map((f) => {
      const name = flagKindText(f.kind, t);
      return html`<div class="suggestion ${f.status}" data-suggested=${f.kind} data-status=${f.status}>
        <div class="suggestion-head">
          <span class="swatch ev-${f.kind}" aria-hidden="true"></span>
          <strong>${t('A detector suggests: {0}', name)}</strong>
          <span class="muted">${[severityText(f), f.evidence?.detector ?? '', statusText(f)].filter((x) => x !== '').join(' · ')}</span>
          <button class="chip" data-decide="confirmed" aria-pressed=${f.status === 'confirmed' ? 'true' : 'false'} aria-label=${t('Confirm: {0}', name)} @click=${() => void model.setFlag(f.kind, 'confirmed')}>${t('Confirm')}</button>
          <button class="chip" data-decide="rejected" aria-pressed=${f.status === 'rejected' ? 'true' : 'false'} aria-label=${t('Reject: {0}', name)} @click=${() => void model.setFlag(f.kind, 'rejected')}>${t('Reject')}</button>
        </div>
        ${f.evidence!.messages.map((m) => html`<div class="finding">${m}</div>`)}
        ${f.evidence!.raw !== undefined ? html`<code class="evidence">${f.evidence!.raw}</code>` : nothing}
        ${matched(f)}
      </div>`;
    })}
  </section>`;
}
