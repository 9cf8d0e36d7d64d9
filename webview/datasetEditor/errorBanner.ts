// The problems found when reading the file. With any, the editor is read-only (saving would drop
// what could not be read); each problem opens the text editor at its position.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { t } from '../shared/l10n';
import { num } from './labels';
import type { EditorModel } from './editorModel';
import type { ErrorInfo } from '../../shared/datasetEditor/protocol';
import { shared } from './styles';

/** Enough to see what is wrong without pushing the table off the screen; the rest are counted. */
const SHOWN = 50;

@customElement('de-error-banner')
export class ErrorBanner extends LitElement {
  @property({ attribute: false }) model!: EditorModel;
  @property({ attribute: false }) errors: ErrorInfo[] = [];

  override render() {
    const shown = this.errors.slice(0, SHOWN);
    return html`<div role="alert">
      <strong>${t('{0} could not be read completely ({1} problems). The editor is read-only.', this.model.init?.fileName ?? '', num(this.errors.length))}</strong>
      <ul>
        ${shown.map(
          (e) => html`<li>
            <button class="link" @click=${() => this.model.openAsText({ line: e.line, column: e.column })}>${e.line}:${e.column}</button>
            ${e.record !== undefined ? html`<span class="muted">${t('record {0}', num(e.record + 1))}</span>` : nothing}
            <span>${e.message}</span>
          </li>`,
        )}
      </ul>
      ${this.errors.length > SHOWN ? html`<p>${t('…and {0} more.', num(this.errors.length - SHOWN))}</p>` : nothing}
    </div>`;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        max-height: 30vh;
        overflow: auto;
        padding: 6px 12px;
        background: var(--vscode-inputValidation-errorBackground);
        border-bottom: 1px solid var(--vscode-inputValidation-errorBorder);
      }
      ul {
        margin: 4px 0 0;
        padding-left: 1.2em;
      }
      li {
        display: flex;
        gap: 8px;
      }
      p {
        margin: 4px 0 0;
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'de-error-banner': ErrorBanner;
  }
}
