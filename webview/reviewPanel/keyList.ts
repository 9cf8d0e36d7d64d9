// The `?` overlay: every key of the panel (keys.ts keyList), closed with `?` or Escape.
import { html } from 'lit';
import { t } from '../shared/l10n';
import { keyList } from './keys';
import type { ReviewModel } from './reviewModel';

export function keyListOverlay(model: ReviewModel) {
  return html`<div class="key-list" role="dialog" aria-modal="false" aria-label=${t('Keys')}>
    <h2>${t('Keys')}</h2>
    <table>
      ${keyList().map((k) => html`<tr><td><kbd>${k.keys}</kbd></td><td>${k.label}</td></tr>`)}
    </table>
    <button class="chip" @click=${() => model.toggleKeys(false)}>${t('Close')}</button>
  </div>`;
}
