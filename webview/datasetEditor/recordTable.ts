// The records of the current view as an ARIA grid. Only the rows in sight (plus a small overscan)
// are in the DOM: @tanstack/virtual-core computes which, the RowCache fetches them in blocks.
// Rows have one fixed height, so nothing is measured while scrolling.
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer, type VirtualizerOptions } from '@tanstack/virtual-core';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { t } from '../shared/l10n';
import { num, roleLabel } from './labels';
import type { EditorModel } from './editorModel';
import { gridTemplate, KEY_STEP_PX, maxColumnWidth } from './columnLayout';
import { highlighted } from './highlightedText';
import type { RowData } from '../../shared/datasetEditor/protocol';
import { shared } from './styles';
import { MIN_COLUMN_PX } from './viewState';

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
  /** The width of the column being dragged, shown at once; the model gets it when the drag ends. */
  @state() private dragging: { key: string; px: number } | undefined;

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
    const widths = this.dragging ? { ...model.columnWidths, [this.dragging.key]: this.dragging.px } : model.columnWidths;
    const template = gridTemplate(columns, widths);
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
        class="grid ${this.dragging ? 'resizing' : ''}"
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
            ${columns.map((c) => this.renderHeader(c.key, c.key, roleLabel(c.role), '', true))}
            ${this.renderHeader('length', t('Length'), t('Characters of all texts'), 'len')}
          </div>
        </div>
        <!-- tabindex -1: a scrolling box is a Tab stop of its own in Chromium; the grid is the one. -->
        <div class="body" role="rowgroup" tabindex="-1" @scroll=${() => this.model.setScrollTop(this.body?.scrollTop ?? 0)}>
          <div class="spacer" style=${styleMap({ height: `${v?.getTotalSize() ?? 0}px` })}>${rows}</div>
          ${model.info && this.count === 0 ? html`<div class="empty muted">${t('No records in this view.')}</div>` : nothing}
        </div>
      </div>
    `;
  }

  private renderHeader(key: string, label: string, title: string, kind = '', resizable = false) {
    const sort = this.model.view.sort;
    const sorted = sort?.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined;
    return html`<div role="columnheader" class="cell ${kind}" aria-sort=${sorted ?? 'none'} title=${title}>
      <button
        class="sort"
        aria-keyshortcuts=${resizable ? 'Shift+ArrowLeft Shift+ArrowRight' : nothing}
        @click=${() => void this.model.sortBy(key)}
        @keydown=${resizable ? (e: KeyboardEvent) => this.onHeaderKey(e, key) : nothing}
      >
        <span class="label">${label}</span><span class="arrow" aria-hidden="true">${sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}</span>
      </button>
      ${resizable
        ? html`<div
            class="resizer"
            title=${t('Drag to resize the column, double-click to share the width again')}
            @pointerdown=${(e: PointerEvent) => this.startResize(e, key)}
            @dblclick=${() => this.model.setColumnWidth(key, undefined)}
          ></div>`
        : nothing}
    </div>`;
  }

  /** The widest `key` may be made in this table (see maxColumnWidth). */
  private maxWidth(key: string): number {
    const header = this.renderRoot.querySelector<HTMLElement>('.header .row');
    if (!header) return Number.POSITIVE_INFINITY;
    const fixed = [...header.querySelectorAll<HTMLElement>('.num, .len')].reduce((n, el) => n + el.getBoundingClientRect().width, 0);
    return maxColumnWidth(key, this.model.init?.columns ?? [], this.model.columnWidths, header.getBoundingClientRect().width, fixed);
  }

  /** Shift+← / Shift+→ on a column header narrows or widens it, as dragging its edge does. */
  private onHeaderKey(e: KeyboardEvent, key: string): void {
    if (!e.shiftKey || e.ctrlKey || e.metaKey || e.altKey || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
    e.preventDefault();
    e.stopPropagation(); // not a move of the selection
    const cell = (e.currentTarget as HTMLElement).parentElement!;
    const now = cell.getBoundingClientRect().width;
    const px = e.key === 'ArrowRight' ? now + KEY_STEP_PX : now - KEY_STEP_PX;
    this.model.setColumnWidth(key, Math.min(px, this.maxWidth(key)));
  }

  /**
   * Dragging a header's edge. The pointer is captured, so the drag follows it anywhere; the
   * default of pointerdown (starting a text selection) is prevented, and the grid's `resizing`
   * class turns selection off for the drag.
   */
  private startResize(e: PointerEvent, key: string): void {
    if (e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    const handle = e.currentTarget as HTMLElement;
    const startX = e.clientX;
    const startPx = handle.parentElement!.getBoundingClientRect().width;
    const max = this.maxWidth(key);
    handle.setPointerCapture(e.pointerId);
    const move = (m: PointerEvent) => {
      this.dragging = { key, px: Math.round(Math.max(MIN_COLUMN_PX, Math.min(max, startPx + m.clientX - startX))) };
    };
    const end = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', end);
      const done = this.dragging;
      this.dragging = undefined;
      if (done) this.model.setColumnWidth(key, done.px);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
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
              ${data.reason ? html`<span class="reason-icon" title=${data.reason} aria-label=${data.reason}>≈</span>` : nothing}
              ${num(data.row + 1)}
            </div>
            ${data.cells.map((text) => html`<div role="gridcell" class="cell" title=${text || nothing}>${highlighted(text, pattern)}</div>`)}
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
        position: relative;
      }
      .resizing {
        user-select: none;
        cursor: col-resize;
      }
      /* The grab area of a column's right edge: a few px, the header's full height. */
      .resizer {
        position: absolute;
        top: 0;
        right: 0;
        bottom: 0;
        width: 6px;
        cursor: col-resize;
        touch-action: none;
        z-index: 1;
      }
      .resizer:hover,
      .resizing .resizer:active {
        background: var(--vscode-sash-hoverBorder, var(--vscode-focusBorder));
      }
      /* The sort arrow sits in room kept for it at the end, sorted or not: it never takes the
         label's room, and sorting does not move the label. */
      button.sort {
        all: unset;
        box-sizing: border-box;
        display: flex;
        position: relative;
        width: 100%;
        padding: 0 16px 0 6px;
        cursor: pointer;
      }
      button.sort .arrow {
        position: absolute;
        right: 4px;
        font-size: 0.75em;
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
