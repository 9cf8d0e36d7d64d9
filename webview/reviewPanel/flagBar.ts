// The candidate answer's flags: a toggle per kind (with its key). A detector's suggestions, with
// their evidence and Confirm / Reject, are in evidencePane.ts.
import { html, nothing } from 'lit';
import { FLAG_KINDS, type FlagKind } from '../../extension/core/review/types';
import { flagKindText } from '../../extension/core/review/flagText';
import { t } from '../shared/l10n';
import { FLAG_KEYS } from './keys';
import type { ReviewModel } from './reviewModel';
import type { FlagState } from '../../shared/reviewPanel/protocol';

function statusText(flag: FlagState | undefined): string {
  if (!flag) return '';
  switch (flag.status) {
    case 'suggested': return t('suggested');
    case 'confirmed': return t('confirmed');
    case 'rejected': return t('rejected');
  }
}

export function flagBar(model: ReviewModel) {
  return html`<div class="flags" role="group" aria-label=${t('Flags on the candidate’s answer')}>
      ${FLAG_KINDS.map((kind: FlagKind) => {
        const flag = model.flag(kind);
        const name = flagKindText(kind, t);
        return html`<button
          class="chip flag ${flag?.status ?? 'none'}"
          data-flag=${kind}
          aria-pressed=${flag?.status === 'confirmed' ? 'true' : 'false'}
          aria-label=${flag ? t('Flag: {0} ({1})', name, statusText(flag)) : t('Flag: {0}', name)}
          title=${t('Toggle with the key {0}', FLAG_KEYS[kind])}
          @click=${() => void model.toggleFlag(kind)}
        ><kbd>${FLAG_KEYS[kind]}</kbd> ${name}${flag && flag.status !== 'confirmed' ? html` <span class="muted">(${statusText(flag)})</span>` : nothing}</button>`;
      })}
    </div>`;
}
