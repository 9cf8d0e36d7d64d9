// The selected record in full: each text as an editable field, or the whole record as JSON, and
// its rendering in the prompt templates. Add, duplicate and delete act around this record.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { t } from '../shared/l10n';
import { num, roleLabel } from './labels';
import type { EditorModel } from './editorModel';
import './fieldEditor';
import type { FieldEditor } from './fieldEditor';
import type { DetailField, RecordDetail } from '../../shared/datasetEditor/protocol';
import './recordJsonEditor';
import { shared } from './styles';
import './templatePreview';

const PREVIEW_TAB = 1;

/** The field's role, and its turn when the record has several. */
function fieldDetail(f: DetailField, multiTurn: boolean): string {
  const parts = [roleLabel(f.role, f.tool)];
  if (multiTurn && f.turn !== undefined) parts.push(t('turn {0}', f.turn));
  return parts.filter(Boolean).join(' · ');
}

@customElement('de-detail-pane')
export class DetailPane extends LitElement {
  @property({ attribute: false }) model!: EditorModel;
  @property({ type: Number }) revision = 0;

  @state() private tab = 0;
  @state() private asJson = false;

  /** The Template Preview tab, for the palette command. */
  showTemplatePreview(): void {
    this.tab = PREVIEW_TAB;
    this.model.wantPreview(true);
  }

  /** Enter in the table: to the first field (or the JSON), ready to type. */
  override focus(): void {
    if (this.tab !== 0) this.tab = 0;
    void this.updateComplete.then(() => {
      const target = this.renderRoot.querySelector<FieldEditor | HTMLElement>('de-field-editor, de-record-json-editor');
      target?.focus();
    });
  }

  override render() {
    const { model } = this;
    const record = model.record;
    const readonly = model.readonly;
    return html`
      <div class="actions">
        <span class="title">${record ? t('Record {0}', num(record.row + 1)) : ''}</span>
        <vscode-button secondary ?disabled=${readonly} @click=${() => void model.addRecord()}>${t('Add Record')}</vscode-button>
        <vscode-button secondary ?disabled=${readonly || !record} @click=${() => void model.duplicateSelected()}>${t('Duplicate')}</vscode-button>
        <vscode-button secondary ?disabled=${readonly || !record} @click=${() => void model.deleteSelected()}>${t('Delete')}</vscode-button>
      </div>
      ${record
        ? html`<vscode-tabs
            .selectedIndex=${this.tab}
            @vsc-tabs-select=${(e: CustomEvent<{ selectedIndex: number }>) => {
              this.tab = e.detail.selectedIndex;
              model.wantPreview(this.tab === PREVIEW_TAB);
            }}
          >
            <vscode-tab-header slot="header">${t('Fields')}</vscode-tab-header>
            <vscode-tab-panel><div class="scroll">${this.renderFields(record)}</div></vscode-tab-panel>
            <vscode-tab-header slot="header">${t('Template Preview')}</vscode-tab-header>
            <vscode-tab-panel>
              <div class="scroll">
                ${this.tab === PREVIEW_TAB ? html`<de-template-preview .preview=${model.preview} .pattern=${model.pattern}></de-template-preview>` : nothing}
              </div>
            </vscode-tab-panel>
          </vscode-tabs>`
        : html`<p class="empty muted">${t('Select a record to see it here.')}</p>`}
    `;
  }

  private renderFields(record: RecordDetail) {
    const { model } = this;
    const multiTurn = record.fields.some((f) => (f.turn ?? 1) > 1);
    return html`
      ${record.misfit ? html`<p class="misfit"><span class="warning-icon" aria-hidden="true">⚠</span> ${record.misfit}</p>` : nothing}
      ${record.reason ? html`<p class="reason" role="note">${record.reason}</p>` : nothing}
      <vscode-checkbox .checked=${this.asJson} @change=${(e: Event) => (this.asJson = (e.target as HTMLInputElement).checked)}
        >${t('Edit as JSON')}</vscode-checkbox
      >
      ${this.asJson
        ? html`<de-record-json-editor .model=${model} .recordKey=${record.key} .json=${record.json}></de-record-json-editor>`
        : // Keyed by row and field, not by the record's key: the first keystroke's edit gives the
          // record a new key, and a new editor then would take the focus and the typing away. A
          // typing that lands on another record at this row is refused by the host (its key).
          repeat(
            record.fields,
            (f) => `${record.row}:${f.label}`,
            (f) => html`<de-field-editor
              .label=${f.label}
              .detail=${fieldDetail(f, multiTurn)}
              .text=${model.shownText(record.row, f.path, f.text)}
              .pattern=${model.pattern}
              ?readonly=${model.readonly}
              @draft=${(e: CustomEvent<string>) => model.setDraft(record.row, f.path, e.detail)}
              @commit=${() => void model.commitDraft()}
            ></de-field-editor>`,
          )}
      ${!this.asJson && record.fields.length === 0 ? html`<p class="muted">${t('This record has no text fields.')}</p>` : nothing}
    `;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100%;
        min-height: 0;
        box-sizing: border-box;
      }
      .actions {
        flex: none;
        display: flex;
        align-items: center;
        gap: 6px;
        padding: 6px 10px;
        border-bottom: 1px solid var(--vscode-editorGroup-border, var(--vscode-panel-border));
      }
      .title {
        flex: 1;
        font-weight: 600;
      }
      /* vscode-tabs slots its panels straight into its host box: as a flex column, the shown
         panel takes the height left under the tab headers and scrolls inside it. */
      vscode-tabs {
        flex: 1;
        min-height: 0;
        display: flex;
        flex-direction: column;
      }
      vscode-tab-panel:not([hidden]) {
        flex: 1;
        min-height: 0;
        overflow: auto;
      }
      .scroll {
        padding: 8px 10px;
      }
      vscode-checkbox {
        display: block;
        margin-bottom: 8px;
      }
      .misfit,
      .reason {
        margin: 0 0 8px;
      }
      .reason {
        padding: 4px 8px;
        border-left: 3px solid var(--vscode-editorInfo-foreground, var(--vscode-textLink-foreground));
        background: var(--vscode-textBlockQuote-background);
      }
      .empty {
        padding: 12px;
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'de-detail-pane': DetailPane;
  }
}
