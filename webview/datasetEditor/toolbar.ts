// Search (plain or regular expression, case-sensitive or not, debounced), jumps between the
// result records, the filter, the record count, and the document-wide actions. One line at any
// width: the texts shrink with an ellipsis (their whole text in a tooltip), and in a narrow
// editor the actions fold into a "More Actions" menu.
import '@vscode-elements/elements/dist/vscode-context-menu/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { t } from '../shared/l10n';
import { regexProblem } from '../../extension/core/dataset/document/searchSpec';
import { filterLabel, num, recordCount, regexProblemText, searchResult } from './labels';
import type { EditorModel } from './editorModel';
import type { FilterId, SearchSpec } from '../../shared/datasetEditor/protocol';
import { shared } from './styles';
import { FILTERS } from './viewState';

/** Long enough to skip the keystrokes of a word, short enough to feel live. */
const SEARCH_DELAY_MS = 200;

/** Below this toolbar width the three actions fold into a menu (they take some 300 px). */
const COMPACT_PX = 960;

type Action = 'stats' | 'convert' | 'openAsText';

@customElement('de-toolbar')
export class Toolbar extends LitElement {
  @property({ attribute: false }) model!: EditorModel;
  @property({ type: Number }) revision = 0;

  private search: SearchSpec = { query: '', regex: false, caseSensitive: false };
  private timer: ReturnType<typeof setTimeout> | undefined;
  @state() private compact = false;
  private readonly resize = new ResizeObserver(([entry]) => (this.compact = entry.contentRect.width < COMPACT_PX));

  override connectedCallback(): void {
    super.connectedCallback();
    // The view restored from the webview state brings its search along.
    if (this.model.view.search) this.search = { ...this.model.view.search };
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    this.resize.disconnect();
    super.disconnectedCallback();
  }

  private run(action: Action): void {
    if (action === 'stats') this.model.showStats(!this.model.statsVisible);
    else if (action === 'convert') this.model.convert();
    else this.model.openAsText();
  }

  private renderActions() {
    const { model } = this;
    const statsLabel = model.statsVisible ? t('Back to Records') : t('Statistics');
    if (!this.compact) {
      return html`<div class="group actions">
        <vscode-button secondary aria-pressed=${model.statsVisible ? 'true' : 'false'} @click=${() => this.run('stats')}>${statsLabel}</vscode-button>
        <vscode-button secondary @click=${() => this.run('convert')}>${t('Convert…')}</vscode-button>
        <vscode-button secondary @click=${() => this.run('openAsText')}>${t('Open as Text')}</vscode-button>
      </div>`;
    }
    const items: Array<{ label: string; value: Action }> = [
      { label: statsLabel, value: 'stats' },
      { label: t('Convert…'), value: 'convert' },
      { label: t('Open as Text'), value: 'openAsText' },
    ];
    return html`<div class="group actions menu">
      <vscode-button
        secondary
        class="more"
        title=${t('More Actions…')}
        aria-label=${t('More Actions…')}
        aria-haspopup="menu"
        @click=${(e: Event) => {
          // The menu closes itself (a click outside, Escape, a pick), so its own state is the truth;
          // the click that opens it must not count as one outside it.
          e.stopPropagation();
          const menu = this.renderRoot.querySelector<HTMLElement & { show: boolean }>('vscode-context-menu');
          if (menu) menu.show = !menu.show;
        }}
        >⋯</vscode-button
      >
      <vscode-context-menu
        tabindex="-1"
        .data=${items}
        @vsc-context-menu-select=${(e: CustomEvent<{ value: string }>) => this.run(e.detail.value as Action)}
      ></vscode-context-menu>
    </div>`;
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
    const problem = info?.searchError ? regexProblem(model.view.search ?? this.search) : undefined;
    const error = problem ? regexProblemText(problem) : info?.searchError;
    const result = error ?? (searching && info?.matches !== undefined ? searchResult(model.selectedIndex, info.count, info.matches) : '');
    const filtered = searching || model.view.filter !== 'all';
    const count = info ? (filtered ? t('{0} of {1} records', num(info.count), num(info.total)) : recordCount(info.total)) : '';
    // A search's result says how many records it found ("Result 3 of 520"): the count would say
    // it again, so it goes into the result's tooltip and leaves the room to the result.
    const showsResult = searching && !error && result !== '';
    return html`
      <div class="search">
        <vscode-textfield
          placeholder=${t('Search')}
          aria-label=${t('Search')}
          title=${error ?? ''}
          .value=${this.search.query}
          ?invalid=${!!error}
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
        <button class="step" title=${t('Previous Match (Shift+F3)')} aria-label=${t('Previous Match (Shift+F3)')} ?disabled=${!searching || !info?.count} @click=${() => model.nextMatch(-1)}>↑</button>
        <button class="step" title=${t('Next Match (F3)')} aria-label=${t('Next Match (F3)')} ?disabled=${!searching || !info?.count} @click=${() => model.nextMatch(1)}>↓</button>
      </div>
      <span class="result ${error ? 'error' : ''}" role=${error ? 'alert' : 'status'} title=${showsResult ? `${result} — ${count}` : result}>${result}</span>
      <vscode-single-select
        aria-label=${t('Filter')}
        .value=${live(model.view.filter)}
        @change=${(e: Event) => void model.setFilter((e.target as HTMLSelectElement).value as FilterId)}
      >
        ${FILTERS.map((f) => html`<vscode-option value=${f} ?selected=${live(f === model.view.filter)}>${filterLabel(f)}</vscode-option>`)}
      </vscode-single-select>
      ${showsResult ? nothing : html`<span class="count" role="status" title=${count}>${count}</span>`}
      ${this.renderProgress()}
      <span class="spacer"></span>
      ${this.renderActions()}
    `;
  }

  static override styles = [
    shared,
    css`
      /* One line: what does not fit shrinks (texts first, down to nothing; then the search field
         and the filter, down to a usable width), never wraps. */
      :host {
        display: flex;
        flex-wrap: nowrap;
        align-items: center;
        gap: 8px;
        padding: 6px 10px;
        min-width: 0;
        overflow: hidden;
        border-bottom: 1px solid var(--vscode-editorGroup-border, var(--vscode-panel-border));
      }
      .search,
      .group {
        display: flex;
        align-items: center;
        gap: 4px;
        flex: none;
      }
      /* Its parts are the toolbar's own flex items, so the field shrinks and the arrows never
         slide over the result. */
      .search {
        display: contents;
      }
      .group.actions {
        gap: 6px;
      }
      .menu {
        position: relative;
      }
      vscode-context-menu {
        position: absolute;
        top: 100%;
        right: 0;
        z-index: 10;
        min-width: 160px;
      }
      vscode-textfield {
        width: 220px;
        min-width: 110px;
        flex: 0 1 auto;
      }
      /* ↑ ↓ as small icon buttons, like the find widget's. */
      button.step {
        all: unset;
        box-sizing: border-box;
        margin-inline-start: -4px; /* 4px from the field and each other, not the toolbar's 8px */
        width: 22px;
        height: 22px;
        border-radius: 3px;
        text-align: center;
        line-height: 22px;
        cursor: pointer;
      }
      button.step:hover:not(:disabled) {
        background: var(--vscode-toolbar-hoverBackground, var(--vscode-list-hoverBackground));
      }
      button.step:disabled {
        opacity: 0.4;
        cursor: default;
      }
      button.step:focus-visible {
        outline: 1px solid var(--vscode-focusBorder);
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
        overflow: hidden;
        text-overflow: ellipsis;
        min-width: 0;
        flex: 0 1 auto;
      }
      /* The result does not give way (it says where the selected record is): the search field and
         the filter shrink, to their minimum; it is cut only past half the toolbar. */
      .result {
        flex-shrink: 0;
        max-width: 50%;
      }
      /* Empty, the result (a live region: it stays in the page) takes no gap either. */
      .result:empty {
        margin-inline-end: -8px;
      }
      /* The count too ("1 record" cut to "1 rec…" says nothing): the controls shrink first. */
      .count {
        flex-shrink: 0;
        max-width: 35%;
      }
      .result.error {
        color: var(--vscode-errorForeground);
      }
      .progress {
        color: var(--vscode-descriptionForeground);
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        min-width: 0;
        font-variant-numeric: tabular-nums;
      }
      .progress.warning {
        color: var(--vscode-editorWarning-foreground);
      }
      .spacer {
        flex: 1 0 0;
      }
      vscode-single-select {
        width: 180px;
        min-width: 100px;
        flex: 0 1 auto;
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'de-toolbar': Toolbar;
  }
}
