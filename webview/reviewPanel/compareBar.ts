// The inline diff's controls: on/off (`d`), the model compared with (the candidate's epoch
// partner by default; Shift+D for the next), words or characters (`w`), and the notice when the
// answers differ too much for the mode asked and a coarser diff is shown.
import { html, nothing } from 'lit';
import { coarseText } from '../../extension/core/diff/comparisonFormat';
import { t } from '../shared/l10n';
import type { DiffMode } from '../../shared/reviewPanel/protocol';
import type { ReviewModel } from './reviewModel';

export function compareBar(model: ReviewModel) {
  const item = model.item;
  if (!item) return nothing;
  const target = model.compareModel;
  const diff = model.compareOn && model.inlineDiff?.answerId === item.answerId ? model.inlineDiff : undefined;
  const notice = diff ? coarseText(diff.diff, t) : undefined;
  const modeButton = (mode: DiffMode, label: string) =>
    html`<button class="chip" data-diff-mode=${mode} aria-pressed=${model.compareMode === mode ? 'true' : 'false'} ?disabled=${!model.compareOn} @click=${() => void model.setCompareMode(mode)}>${label}</button>`;
  return html`<div class="compare" role="group" aria-label=${t('Inline diff')}>
    <button class="chip" data-compare-toggle aria-pressed=${model.compareOn ? 'true' : 'false'} ?disabled=${target === undefined} title="d" @click=${() => void model.toggleCompare()}>
      ${t('Diff against another model')} <kbd>d</kbd>
    </button>
    ${model.compareOn && target !== undefined
      ? html`<label>
            ${t('Compared with')}
            <select
              data-compare-model
              aria-label=${t('Model to compare with (Shift+D: the next one)')}
              @change=${(e: Event) => void model.setCompareModel((e.target as HTMLSelectElement).value)}
            >
              ${item.comparable.map((m) => html`<option value=${m} ?selected=${m === target}>${m}</option>`)}
            </select>
          </label>
          <span role="group" aria-label=${t('Diff by (w switches)')}>${modeButton('word', t('Words'))} ${modeButton('char', t('Characters'))}</span>
          <span class="legend"><ins class="diff-added">${t('Only in the candidate’s answer')}</ins> <del class="diff-removed">${t('Only in {0}’s answer', target)}</del></span>
          ${diff ? nothing : html`<span class="muted">${t('Comparing…')}</span>`}
          ${notice ? html`<span class="notice coarse" role="status">${notice}</span>` : nothing}`
      : nothing}
  </div>`;
}
