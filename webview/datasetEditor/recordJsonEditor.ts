// "Edit as JSON": the whole selected record in a textarea; Apply replaces it through the host,
// which parses it and answers with the problem if it is not a JSON object it can take.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { t } from '../shared/l10n';
import type { EditorModel } from './editorModel';
import { shared } from './styles';

@customElement('de-record-json-editor')
export class RecordJsonEditor extends LitElement {
  @property({ attribute: false }) model!: EditorModel;
  /** RecordDetail.key: what is typed belongs to this record and is dropped when another one shows. */
  @property({ type: Number }) recordKey = Number.NaN;
  /** The record's JSON in the document. */
  @property() json = '';

  /** What is typed; undefined while it is the document's JSON. */
  @state() private draft: string | undefined;
  @state() private problem: string | undefined;
  @state() private busy = false;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('recordKey')) {
      this.draft = undefined;
      this.problem = undefined;
    }
  }

  private async apply(): Promise<void> {
    if (this.draft === undefined) return;
    this.busy = true;
    this.problem = await this.model.replaceRecord(this.draft);
    this.busy = false;
    if (!this.problem) this.draft = undefined; // the host's `changed` brings the record as stored
  }

  override render() {
    const readonly = this.model.readonly;
    return html`
      <vscode-textarea
        monospace
        resize="vertical"
        rows="18"
        aria-label=${t('Record as JSON')}
        .value=${this.draft ?? this.json}
        ?readonly=${readonly}
        @input=${(e: Event) => {
          this.draft = (e.target as HTMLTextAreaElement).value;
          this.problem = undefined;
        }}
      ></vscode-textarea>
      ${this.problem ? html`<div class="problem" role="alert">${this.problem}</div>` : nothing}
      <div class="actions">
        <vscode-button ?disabled=${readonly || this.busy || this.draft === undefined} @click=${this.apply}>${t('Apply')}</vscode-button>
        <vscode-button
          secondary
          ?disabled=${this.draft === undefined}
          @click=${() => {
            this.draft = undefined;
            this.problem = undefined;
          }}
          >${t('Discard Changes')}</vscode-button
        >
      </div>
    `;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      vscode-textarea {
        width: 100%;
      }
      .problem {
        margin-top: 6px;
        padding: 4px 8px;
        white-space: pre-wrap;
        background: var(--vscode-inputValidation-errorBackground);
        border: 1px solid var(--vscode-inputValidation-errorBorder);
      }
      .actions {
        display: flex;
        gap: 6px;
        margin-top: 6px;
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'de-record-json-editor': RecordJsonEditor;
  }
}
