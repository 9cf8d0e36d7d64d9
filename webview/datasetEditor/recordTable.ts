// The records of the current view as an ARIA grid. Only the rows in sight (plus a small overscan)
// are in the DOM: @tanstack/virtual-core computes which, the RowCache fetches them in blocks.
// Rows have one fixed height, so nothing is measured while scrolling.
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer, type VirtualizerOptions } from '@tanstack/virtual-core';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { t } from '../shared/l10n';
import { num, roleLabel } from './labels';
import type { EditorModel } from './editorModel';
import { highlighted } from './highlightedText';
import type { RowData } from '../../shared/datasetEditor/protocol';
import { shared } from './styles';

const ROW_HEIGHT = 24;

@customElement('de-record-table')
export class RecordTable extends LitElement {
  @property({ attribute: false }) model!: EditorModel;
  /** Bumped by the editor on every model change, to re-render. */
  @property({ type: Number }) revision = 0;

  private virtualizer: Virtualizer<HTMLDivElement, HTMLDivElement> | undefined;
  private unmount: (() => void) | undefined;
  /** The view and position last scrolled into sight, so each selection is revealed once. */
  private revealed: { info: unknown; index: number } = { info: undefined, index: -1 };
  private firstRowsMarked = false;

  private get body(): HTMLDivElement | null {
    return this.renderRoot.querySelector<HTMLDivElement>('.body');
  }

  private options(count: number): VirtualizerOptions<HTMLDivElement, HTMLDivElement> {
    return {
      count,
      getScrollElement: () => this.body,
      estimateSize: () => ROW_HEIGHT,
      overscan: 8,
      observeElementRect,
      observeElementOffset,
      scrollToFn: elementScroll,
      initialOffset: () => this.model.scrollTop,
      onChange: () => this.requestUpdate(),
    };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.virtualizer && !this.unmount) this.unmount = this.virtualizer._didMount();
  }

  override disconnectedCallback(): void {
    this.unmount?.();
    this.unmount = undefined;
    super.disconnectedCallback();
  }

  override firstUpdated(): void {
    this.virtualizer = new Virtualizer(this.options(this.count));
    this.unmount = this.virtualizer._didMount();
    this.virtualizer._willUpdate();
    this.requestUpdate();
  }

  private get count(): number {
    return this.model.info?.count ?? 0;
  }

  override willUpdate(): void {
    const v = this.virtualizer;
    if (v && v.options.count !== this.count) v.setOptions(this.options(this.count));
  }

  override updated(changed: PropertyValues): void {
    super.updated(changed);
    const v = this.virtualizer;
    if (!v) return;
    v._willUpdate();
    const { info, selectedIndex } = this.model;
    if (selectedIndex >= 0 && (this.revealed.info !== info || this.revealed.index !== selectedIndex)) {
      this.revealed = { info, index: selectedIndex };
      v.scrollToIndex(selectedIndex, { align: 'auto' });
    }
  }

  /** Focuses the grid, e.g. after a click on a row or coming back from the detail pane. */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('[role=grid]')?.focus();
  }

  private onKeydown(e: KeyboardEvent): void {
    // Ctrl+Home / Ctrl+End go to the first and last record, as Home and End do.
    const jump = (e.ctrlKey || e.metaKey) && (e.key === 'Home' || e.key === 'End');
    if (e.altKey || ((e.ctrlKey || e.metaKey) && !jump)) return;
    const page = Math.max(1, Math.floor((this.body?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    if (this.model.move(e.key, page) !== undefined) {
      e.preventDefault();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      this.dispatchEvent(new CustomEvent('open-detail', { bubbles: true, composed: true }));
    } else if (e.key === 'Delete' && !this.model.readonly) {
      e.preventDefault();
      void this.model.deleteSelected();
    }
  }

  private onRowClick(index: number): void {
    void this.model.selectIndex(index);
    this.focus();
  }

  override render() {
    const { model } = this;
    const columns = model.init?.columns ?? [];
    const v = this.virtualizer;
    const items = v?.getVirtualItems() ?? [];
    if (items.length) model.rows.ensure(items[0].index, items[items.length - 1].index + 1);
    const template = ['5.5em', ...columns.map((c) => (c.role === 'answer' || c.role === 'turns' ? 'minmax(0, 2fr)' : 'minmax(0, 1fr)')), '5em'].join(' ');
    let anyData = false;
    const rows = items.map((item) => {
      const data = model.rows.get(item.index);
      anyData ||= data !== undefined;
      return this.renderRow(item.index, item.start, data, columns.length);
    });
    if (anyData && !this.firstRowsMarked) {
      this.firstRowsMarked = true;
      // For the e2e suite's first-paint measurement: the frame after the first real rows render.
      requestAnimationFrame(() => performance.mark('lexreview:first-rows'));
    }
    const selectedInSight = items.some((i) => i.index === model.selectedIndex);
    return html`
      <div
        class="grid"
        role="grid"
        tabindex="0"
        aria-label=${t('Records')}
        aria-rowcount=${this.count + 1}
        aria-colcount=${columns.length + 2}
        aria-readonly=${model.readonly ? 'true' : 'false'}
        aria-activedescendant=${selectedInSight ? `row-${model.selectedIndex}` : nothing}
        style=${styleMap({ '--columns': template })}
        @keydown=${this.onKeydown}
      >
        <div class="header" role="rowgroup">
          <div class="row" role="row" aria-rowindex="1">
            ${this.renderHeader('#', '#', t('Record number'), 'num')}
            ${columns.map((c) => this.renderHeader(c.key, c.key, roleLabel(c.role)))}
            ${this.renderHeader('length', t('Length'), t('Characters of all texts'), 'len')}
          </div>
        </div>
        <div class="body" role="rowgroup" @scroll=${() => this.model.setScrollTop(this.body?.scrollTop ?? 0)}>
          <div class="spacer" style=${styleMap({ height: `${v?.getTotalSize() ?? 0}px` })}>${rows}</div>
          ${model.info && this.count === 0 ? html`<div class="empty muted">${t('No records in this view.')}</div>` : nothing}
        </div>
      </div>
    `;
  }

  private renderHeader(key: string, label: string, title: string, kind = '') {
    const sort = this.model.view.sort;
    const sorted = sort?.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined;
    return html`<div role="columnheader" class="cell ${kind}" aria-sort=${sorted ?? 'none'} title=${title}>
      <button class="sort" @click=${() => void this.model.sortBy(key)}>
        <span class="label">${label}</span><span class="arrow" aria-hidden="true">${sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}</span>
      </button>
    </div>`;
  }

  private renderRow(index: number, start: number, data: RowData | undefined, columnCount: number) {
    const selected = index === this.model.selectedIndex;
    const pattern = this.model.pattern;
    const classes = ['row', selected ? 'selected' : '', data?.edited ? 'edited' : '', data?.misfit ? 'misfit' : ''].join(' ');
    return html`<div
      class=${classes}
      role="row"
      id="row-${index}"
      aria-rowindex=${index + 2}
      aria-selected=${selected ? 'true' : 'false'}
      style=${styleMap({ transform: `translateY(${start}px)` })}
      @click=${() => this.onRowClick(index)}
      @dblclick=${() => this.dispatchEvent(new CustomEvent('open-detail', { bubbles: true, composed: true }))}
    >
      ${data
        ? html`<div role="gridcell" class="cell num">
              ${data.edited ? html`<span class="edited-mark" title=${t('Edited')} aria-label=${t('Edited')}>●</span>` : nothing}
              ${data.misfit ? html`<span class="warning-icon" title=${data.misfit} aria-label=${data.misfit}>⚠</span>` : nothing}
              ${num(data.row + 1)}
            </div>
            ${data.cells.map((text) => html`<div role="gridcell" class="cell">${highlighted(text, pattern)}</div>`)}
            <div role="gridcell" class="cell len">${num(data.lengths.reduce((a, b) => a + b, 0))}</div>`
        : Array.from({ length: columnCount + 2 }, () => html`<div role="gridcell" class="cell loading"></div>`)}
    </div>`;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        height: 100%;
        min-height: 0;
      }
      .grid {
        display: flex;
        flex-direction: column;
        height: 100%;
        outline: none;
      }
      .header {
        flex: none;
        overflow: hidden;
        /* The body's scrollbar takes width: reserve the same here so the columns line up. */
        scrollbar-gutter: stable;
        border-bottom: 1px solid var(--vscode-editorGroup-border, var(--vscode-panel-border));
        background: var(--vscode-editorGroupHeader-tabsBackground, var(--vscode-editor-background));
        font-weight: 600;
      }
      .body {
        flex: 1;
        min-height: 0;
        overflow-y: auto;
        overflow-x: hidden;
        scrollbar-gutter: stable;
        position: relative;
      }
      .spacer {
        position: relative;
        width: 100%;
      }
      .row {
        display: grid;
        grid-template-columns: var(--columns);
        height: ${ROW_HEIGHT}px;
        line-height: ${ROW_HEIGHT}px;
        box-sizing: border-box;
      }
      .body .row {
        position: absolute;
        top: 0;
        left: 0;
        right: 0;
        cursor: default;
        border-left: 2px solid transparent;
      }
      .body .row:hover {
        background: var(--vscode-list-hoverBackground);
      }
      .body .row.selected {
        background: var(--vscode-list-inactiveSelectionBackground);
        color: var(--vscode-list-inactiveSelectionForeground, inherit);
      }
      .grid:focus-within .body .row.selected {
        background: var(--vscode-list-activeSelectionBackground);
        color: var(--vscode-list-activeSelectionForeground, inherit);
        outline: 1px solid var(--vscode-list-focusOutline, transparent);
        outline-offset: -1px;
      }
      .body .row.edited {
        border-left-color: var(--vscode-editorGutter-modifiedBackground, var(--vscode-gitDecoration-modifiedResourceForeground));
      }
      .cell {
        padding: 0 6px;
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
        min-width: 0;
      }
      .num,
      .len {
        text-align: end;
        font-variant-numeric: tabular-nums;
        color: var(--vscode-descriptionForeground);
      }
      .row.selected .num,
      .row.selected .len,
      .header .cell {
        color: inherit;
      }
      .edited-mark {
        color: var(--vscode-editorGutter-modifiedBackground, var(--vscode-gitDecoration-modifiedResourceForeground));
        font-size: 0.8em;
      }
      .header .cell {
        padding: 0;
      }
      button.sort {
        all: unset;
        box-sizing: border-box;
        display: flex;
        width: 100%;
        padding: 0 6px;
        gap: 4px;
        cursor: pointer;
      }
      button.sort:hover {
        background: var(--vscode-list-hoverBackground);
      }
      button.sort:focus-visible {
        outline: 1px solid var(--vscode-focusBorder);
        outline-offset: -1px;
      }
      button.sort .label {
        overflow: hidden;
        text-overflow: ellipsis;
      }
      [aria-sort='none'] .arrow:empty {
        display: none;
      }
      .len button.sort,
      .num button.sort {
        justify-content: flex-end;
      }
      .empty {
        padding: 12px;
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'de-record-table': RecordTable;
  }
}
