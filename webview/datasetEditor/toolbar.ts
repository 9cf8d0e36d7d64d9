// Search (plain or regular expression, case-sensitive or not, debounced), jumps between the
// result records, the filter, the record count, and the document-wide actions.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { t } from '../shared/l10n';
import { filterLabel, matchCount, num, recordCount } from './labels';
import type { EditorModel } from './editorModel';
import type { FilterId, SearchSpec } from '../../shared/datasetEditor/protocol';
import { shared } from './styles';
import { FILTERS } from './viewState';

/** Long enough to skip the keystrokes of a word, short enough to feel live. */
const SEARCH_DELAY_MS = 200;

@customElement('de-toolbar')
export class Toolbar extends LitElement {
  @property({ attribute: false }) model!: EditorModel;
  @property({ type: Number }) revision = 0;

  private search: SearchSpec = { query: '', regex: false, caseSensitive: false };
  private timer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // The view restored from the webview state brings its search along.
    if (this.model.view.search) this.search = { ...this.model.view.search };
  }

  override focus(): void {
    const field = this.renderRoot.querySelector<HTMLElement & { wrappedElement?: HTMLInputElement }>('vscode-textfield');
    field?.focus();
    field?.wrappedElement?.select();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), SEARCH_DELAY_MS);
    this.requestUpdate();
  }

  /** Runs the pending search now; false when there was none. */
  private flush(): boolean {
    if (this.timer === undefined) return false;
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.model.setSearch({ ...this.search });
    return true;
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    // Enter right after typing runs the search (which shows its first record); then it steps.
    if (!this.flush()) this.model.nextMatch(e.shiftKey ? -1 : 1);
  }

  private toggle(option: 'regex' | 'caseSensitive'): void {
    this.search = { ...this.search, [option]: !this.search[option] };
    this.schedule();
  }

  /** The background work of a large file: its index, and a search or filter still running. */
  private renderProgress() {
    const { indexing, viewProgress } = this.model;
    const pct = (done: number, total: number) => (total > 0 ? Math.floor((done / total) * 100) : 0);
    const parts: unknown[] = [];
    if (indexing && indexing.cancelled) {
      parts.push(html`<span class="progress warning" role="status">${t('Indexing cancelled: only the records indexed so far are shown (read-only).')}</span>`);
    } else if (indexing && !indexing.complete) {
      parts.push(html`<span class="progress" role="status">${t('Indexing… {0}%', pct(indexing.done, indexing.total))}</span>`);
    }
    if (viewProgress) {
      const found = viewProgress.matches !== undefined ? t('{0} matches so far', num(viewProgress.matches)) : t('{0} records so far', num(viewProgress.found));
      parts.push(
        html`<span class="progress" role="status">${t('Searching… {0}%', pct(viewProgress.done, viewProgress.total))} · ${found}</span>
          <button class="link" @click=${() => this.model.cancelView()}>${t('Cancel')}</button>`,
      );
    }
    const info = this.model.info;
    if (info?.scanned !== undefined) {
      parts.push(html`<span class="progress warning" role="status">${t('Cancelled after {0} of {1} records', num(info.scanned), num(info.total))}</span>`);
    }
    return parts;
  }

  override render() {
    const { model } = this;
    const info = model.info;
    const searching = !!model.view.search;
    let result: unknown = nothing;
    if (info?.searchError) result = html`<span class="error">${info.searchError}</span>`;
    else if (searching && info?.matches !== undefined) result = matchCount(info.matches, info.count);
    const filtered = searching || model.view.filter !== 'all';
    return html`
      <div class="search">
        <vscode-textfield
          placeholder=${t('Search')}
          aria-label=${t('Search')}
          .value=${this.search.query}
          ?invalid=${!!info?.searchError}
          @input=${(e: Event) => {
            this.search = { ...this.search, query: (e.target as HTMLInputElement).value };
            this.schedule();
          }}
          @keydown=${this.onKeydown}
        >
          <button
            slot="content-after"
            class="toggle"
            title=${t('Match Case')}
            aria-pressed=${this.search.caseSensitive ? 'true' : 'false'}
            @click=${() => this.toggle('caseSensitive')}
          >
            Aa
          </button>
          <button
            slot="content-after"
            class="toggle"
            title=${t('Use Regular Expression')}
            aria-pressed=${this.search.regex ? 'true' : 'false'}
            @click=${() => this.toggle('regex')}
          >
            .*
          </button>
        </vscode-textfield>
        <vscode-button secondary title=${t('Previous Match (Shift+F3)')} aria-label=${t('Previous Match (Shift+F3)')} ?disabled=${!searching || !info?.count} @click=${() => model.nextMatch(-1)}
          >↑</vscode-button
        >
        <vscode-button secondary title=${t('Next Match (F3)')} aria-label=${t('Next Match (F3)')} ?disabled=${!searching || !info?.count} @click=${() => model.nextMatch(1)}
          >↓</vscode-button
        >
        <span class="result" role="status">${result}</span>
      </div>
      <div class="group">
        <vscode-single-select
          aria-label=${t('Filter')}
          .value=${model.view.filter}
          @change=${(e: Event) => void model.setFilter((e.target as HTMLSelectElement).value as FilterId)}
        >
          ${FILTERS.map((f) => html`<vscode-option value=${f} ?selected=${f === model.view.filter}>${filterLabel(f)}</vscode-option>`)}
        </vscode-single-select>
        <span class="count" role="status">
          ${info ? (filtered ? t('{0} of {1} records', num(info.count), num(info.total)) : recordCount(info.total)) : nothing}
        </span>
        ${this.renderProgress()}
      </div>
      <span class="spacer"></span>
      <div class="group">
        <vscode-button secondary aria-pressed=${model.statsVisible ? 'true' : 'false'} @click=${() => model.showStats(!model.statsVisible)}
          >${model.statsVisible ? t('Back to Records') : t('Statistics')}</vscode-button
        >
        <vscode-button secondary @click=${() => model.convert()}>${t('Convert…')}</vscode-button>
        <vscode-button secondary @click=${() => model.openAsText()}>${t('Open as Text')}</vscode-button>
      </div>
    `;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px 10px;
        padding: 6px 10px;
        border-bottom: 1px solid var(--vscode-editorGroup-border, var(--vscode-panel-border));
      }
      .search,
      .group {
        display: flex;
        align-items: center;
        gap: 4px;
      }
      .group {
        gap: 6px 10px;
      }
      vscode-textfield {
        width: 240px;
      }
      /* Like the toggles in VS Code's own find widget. */
      button.toggle {
        all: unset;
        box-sizing: border-box;
        min-width: 20px;
        height: 20px;
        margin: 0 1px;
        padding: 0 3px;
        border: 1px solid transparent;
        border-radius: 3px;
        font-size: 12px;
        line-height: 18px;
        text-align: center;
        cursor: pointer;
        color: var(--vscode-inputOption-activeForeground, inherit);
        opacity: 0.7;
      }
      button.toggle:hover {
        opacity: 1;
        background: var(--vscode-inputOption-hoverBackground);
      }
      button.toggle[aria-pressed='true'] {
        opacity: 1;
        background: var(--vscode-inputOption-activeBackground);
        border-color: var(--vscode-inputOption-activeBorder);
      }
      button.toggle:focus-visible {
        outline: 1px solid var(--vscode-focusBorder);
      }
      .result,
      .count {
        color: var(--vscode-descriptionForeground);
        white-space: nowrap;
      }
      .progress {
        color: var(--vscode-descriptionForeground);
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      .progress.warning {
        color: var(--vscode-editorWarning-foreground);
      }
      .error {
        color: var(--vscode-errorForeground);
      }
      .spacer {
        flex: 1;
      }
      vscode-single-select {
        width: 210px;
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'de-toolbar': Toolbar;
  }
}
