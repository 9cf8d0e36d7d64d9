// <dataset-editor>: the whole editor, laid out from its parts. It re-renders them on every model
// change and owns the keys that work anywhere in the editor (F3, Ctrl+F).
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-split-layout/index.js';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { t } from '../shared/l10n';
import './detailPane';
import type { DetailPane } from './detailPane';
import type { EditorModel } from './editorModel';
import './errorBanner';
import './recordTable';
import type { RecordTable } from './recordTable';
import type { HostCommand } from '../../shared/datasetEditor/protocol';
import './statsView';
import { shared } from './styles';
import './toolbar';
import type { Toolbar } from './toolbar';

/**
 * Below this width the detail pane goes under the table instead of beside it: side by side, a
 * narrow editor would leave both too narrow to read a sentence.
 */
const NARROW = '(max-width: 900px)';

@customElement('dataset-editor')
export class DatasetEditor extends LitElement {
  @property({ attribute: false }) model: EditorModel | undefined;
  @state() private revision = 0;
  @state() private narrow = matchMedia(NARROW).matches;

  private unsubscribe: (() => void) | undefined;
  private readonly media = matchMedia(NARROW);
  private readonly onMedia = () => (this.narrow = this.media.matches);
  private readonly onKeydown = (e: KeyboardEvent) => this.globalKey(e);
  private readonly onHostKey = (e: KeyboardEvent) => this.hostKey(e);

  override connectedCallback(): void {
    super.connectedCallback();
    this.media.addEventListener('change', this.onMedia);
    window.addEventListener('keydown', this.onKeydown);
    // Capture: before VS Code's own listener on this window, which sends undo, redo and save to
    // the workbench at once (see hostKey).
    window.addEventListener('keydown', this.onHostKey, true);
  }

  override disconnectedCallback(): void {
    this.media.removeEventListener('change', this.onMedia);
    window.removeEventListener('keydown', this.onKeydown);
    window.removeEventListener('keydown', this.onHostKey, true);
    this.unsubscribe?.();
    super.disconnectedCallback();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('model')) {
      this.unsubscribe?.();
      this.unsubscribe = this.model?.subscribe(() => this.revision++);
    }
  }

  /** Whether the table has had the focus it gets on opening. */
  private focusedOnOpen = false;

  override updated(): void {
    // On opening, the arrow keys move through the records at once (no click first).
    if (!this.focusedOnOpen && this.model?.info) {
      this.focusedOnOpen = true;
      this.renderRoot.querySelector<RecordTable>('de-record-table')?.focus();
    }
    const request = this.model?.focusRequest;
    if (!request || !this.model) return;
    this.model.focusRequest = undefined;
    if (request === 'search') this.renderRoot.querySelector<Toolbar>('de-toolbar')?.focus();
    else this.renderRoot.querySelector<DetailPane>('de-detail-pane')?.showTemplatePreview();
  }

  /**
   * Undo, redo and save while a field's typing may not have reached the host: VS Code must not
   * get the key first (it would undo an older edit, or save without the typing). The model sends
   * the typing, then asks the host to run the command.
   */
  private hostKey(e: KeyboardEvent): void {
    const model = this.model;
    if (!model?.typingPending || !(e.ctrlKey || e.metaKey) || e.altKey) return;
    const key = e.key.toLowerCase();
    const command: HostCommand | undefined = key === 'z' ? (e.shiftKey ? 'redo' : 'undo') : key === 'y' ? 'redo' : key === 's' ? 'save' : undefined;
    if (!command) return;
    e.preventDefault();
    e.stopPropagation();
    void model.hostCommand(command);
  }

  private globalKey(e: KeyboardEvent): void {
    const model = this.model;
    if (!model?.init) return;
    if (e.key === 'F3') {
      e.preventDefault();
      model.nextMatch(e.shiftKey ? -1 : 1);
    } else if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      if (model.statsVisible) model.showStats(false);
      this.renderRoot.querySelector<Toolbar>('de-toolbar')?.focus();
    }
  }

  override render() {
    const model = this.model;
    // Nothing to say before `init`: its l10n bundle decides the language of every word.
    if (!model?.init) return html`<vscode-progress-bar indeterminate></vscode-progress-bar>`;
    const { init, revision } = { init: model.init, revision: this.revision };
    return html`
      ${init.errors.length ? html`<de-error-banner .model=${model} .errors=${init.errors}></de-error-banner>` : nothing}
      ${model.externalChange
        ? html`<div class="notice warning" role="alert">
            <span>${model.externalChange.dirty ? t('The file changed on disk, and this editor has unsaved changes.') : t('The file changed on disk.')}</span>
            <button class="link" @click=${() => model.dismissExternalChange()}>${t('Dismiss')}</button>
          </div>`
        : nothing}
      ${model.error
        ? html`<div class="notice error" role="alert">
            <span>${model.error}</span>
            <button class="link" @click=${() => model.dismissError()}>${t('Dismiss')}</button>
          </div>`
        : nothing}
      ${init.readonly && !init.errors.length ? html`<div class="notice">${t('This file is read-only.')}</div>` : nothing}
      <de-toolbar .model=${model} .revision=${revision}></de-toolbar>
      ${keyed(
        // A new split layout for each orientation: vscode-split-layout keeps the inline size of its
        // divider from the old one (height 4px, say, once vertical), leaving a 4×4 px handle.
        this.narrow,
        html`<vscode-split-layout
            class="main"
            ?hidden=${model.statsVisible}
            split=${this.narrow ? 'horizontal' : 'vertical'}
            initial-handle-position=${this.narrow ? '60%' : '58%'}
            handle-size="6"
            min-start="160px"
            min-end="200px"
          >
            <de-record-table
              slot="start"
              .model=${model}
              .revision=${revision}
              @open-detail=${() => this.renderRoot.querySelector<DetailPane>('de-detail-pane')?.focus()}
            ></de-record-table>
            <de-detail-pane
              slot="end"
              .model=${model}
              .revision=${revision}
              @leave=${() => this.renderRoot.querySelector<RecordTable>('de-record-table')?.focus()}
            ></de-detail-pane>
          </vscode-split-layout>`,
      )}
      ${model.statsVisible ? html`<de-stats-view class="main" .model=${model} .revision=${revision}></de-stats-view>` : nothing}
    `;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100vh;
        background: var(--vscode-editor-background);
      }
      .main {
        flex: 1;
        min-height: 0;
      }
      vscode-split-layout {
        border: none;
      }
      vscode-split-layout[hidden] {
        display: none;
      }
      .notice {
        display: flex;
        gap: 12px;
        padding: 6px 12px;
        border-bottom: 1px solid var(--vscode-editorWidget-border, transparent);
      }
      .notice.warning {
        background: var(--vscode-inputValidation-warningBackground);
        border-bottom-color: var(--vscode-inputValidation-warningBorder);
      }
      .notice.error {
        background: var(--vscode-inputValidation-errorBackground);
        border-bottom-color: var(--vscode-inputValidation-errorBorder);
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'dataset-editor': DatasetEditor;
  }
}
