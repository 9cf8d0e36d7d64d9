// A note on each flag the candidate's answer has (a person's or a detector's): why it is
// confirmed or rejected. Saved when the field is left or with Enter (which also moves on, as
// the answer's note does); Shift + the flag's letter comes here from anywhere.
import { html, nothing } from 'lit';
import { flagKindText } from '../../extension/core/review/flagText';
import { t } from '../shared/l10n';
import type { ReviewModel } from './reviewModel';

export function flagNotes(model: ReviewModel) {
  const flags = model.item?.flags ?? [];
  if (flags.length === 0) return nothing;
  return html`<div class="flag-notes" role="group" aria-label=${t('Notes on the flags')}>
    ${flags.map(
      (f) => html`<label class="flag-note">
        <span>${t('Note on the flag {0}', flagKindText(f.kind, t))}</span>
        <input
          type="text"
          data-flag-note=${f.kind}
          .value=${model.flagNoteDraft(f.kind)}
          @input=${(e: Event) => model.setFlagNoteDraft(f.kind, (e.target as HTMLInputElement).value)}
          @change=${() => void model.saveFlagNote(f.kind)}
        />
      </label>`,
    )}
  </div>`;
}
