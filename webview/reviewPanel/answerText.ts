// The candidate's answer rendered from its runs (textRuns.ts): detector evidence in <mark>, the
// inline diff's additions in <ins> and removals in <del>, each run's text a text node (Lit's
// interpolation), so markup in an answer stays text. <mark>, <ins> and <del> carry their roles
// to screen readers; the title names what a mark is.
import { html } from 'lit';
import { flagKindText } from '../../extension/core/review/flagText';
import { t } from '../shared/l10n';
import type { TextRun } from './textRuns';

function marked(run: TextRun) {
  if (run.kinds.length === 0) return run.text;
  const names = run.kinds.map((k) => flagKindText(k, t)).join(', ');
  return html`<mark class="ev ${run.kinds.map((k) => `ev-${k}`).join(' ')}" data-evidence=${run.kinds.join(' ')} title=${t('Detector evidence: {0}', names)}>${run.text}</mark>`;
}

export function answerText(runs: readonly TextRun[]) {
  return runs.map((run) => {
    switch (run.change) {
      case 'added':
        return html`<ins class="diff-added" title=${t('Only in the candidate’s answer')}>${marked(run)}</ins>`;
      case 'removed':
        return html`<del class="diff-removed" title=${t('Only in the other model’s answer')}>${run.text}</del>`;
      case 'same':
        return marked(run);
    }
  });
}
