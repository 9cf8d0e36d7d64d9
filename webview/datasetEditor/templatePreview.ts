// The selected record rendered in each prompt template (alpaca, vicuna, ChatGLM), as text in <pre>,
// with its character count and what the template could not carry; or why there is no preview.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { t } from '../shared/l10n';
import { num } from './labels';
import { highlighted } from './highlightedText';
import type { PreviewResult, PreviewUnavailable } from '../../shared/datasetEditor/protocol';
import { shared } from './styles';

function unavailableText(why: PreviewUnavailable): string {
  switch (why) {
    case 'misfit':
      return t('No preview: this record does not fit the layout, so the templates cannot tell its question from its answer.');
    case 'tool-turns':
      return t('No preview: this record has tool calls or tool results, and these templates have no place for them (they would show as what the user and the assistant said).');
    case 'text':
      return t('No preview: pretraining text is trained on as it is, without a prompt template.');
  }
}

@customElement('de-template-preview')
export class TemplatePreview extends LitElement {
  @property({ attribute: false }) preview: PreviewResult | undefined;
  @property({ attribute: false }) pattern: RegExp | undefined;

  override render() {
    if (!this.preview) return html`<p class="muted">${t('Loading…')}</p>`;
    if (this.preview.unavailable) return html`<p class="unavailable muted">${unavailableText(this.preview.unavailable)}</p>`;
    return this.preview.previews.map(
      (p) => html`<section>
        <h3>${p.label} <span class="muted">${t('{0} characters', num(p.chars))}</span></h3>
        ${p.notes.length ? html`<ul class="notes">${p.notes.map((n) => html`<li><span class="warning-icon" aria-hidden="true">⚠</span> ${n}</li>`)}</ul>` : nothing}
        <h4>${t('Prompt')}</h4>
        <pre>${highlighted(p.prompt, this.pattern)}</pre>
        <h4>${t('Answer')}</h4>
        <pre>${highlighted(p.answer, this.pattern)}</pre>
      </section>`,
    );
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      section + section {
        margin-top: 16px;
        border-top: 1px solid var(--vscode-widget-border, var(--vscode-panel-border));
      }
      h3 {
        font-size: 1.1em;
        margin: 10px 0 4px;
      }
      h3 .muted {
        font-weight: normal;
        font-size: 0.9em;
      }
      h4 {
        margin: 8px 0 2px;
        font-size: 0.95em;
      }
      pre {
        margin: 0;
        padding: 6px 8px;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        font-family: var(--vscode-editor-font-family);
        font-size: var(--vscode-editor-font-size);
        background: var(--vscode-textCodeBlock-background);
        border-radius: 2px;
      }
      .notes {
        margin: 4px 0;
        padding-left: 1.2em;
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'de-template-preview': TemplatePreview;
  }
}
