// <report-view>: one evaluation set's report — the chart of the figures, the same numbers as
// tables (the screen reader's way), the comparisons between models said plainly, position bias,
// judge–human agreement, answer lengths and flags — with Export buttons. Every name and number is
// rendered as text through Lit's bindings, never as markup.
import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { ExportFormat, Report } from '../../shared/reportView/protocol';
import { shared } from '../datasetEditor/styles';
import { pageStyles } from '../shared/pageStyles';
import { t } from '../shared/l10n';
import { figureBars } from './figureBars';
import { agreementSentences, categoryTable, judgeSentences, comparisonSentences, figuresTable, flagsTable, detectorsTable, lengthTable, positionBiasTable, verdicts, type Table } from './reportTables';
import type { ReportViewModel } from './reportViewModel';
import { ModelElement } from '../shared/modelElement';

/** The export buttons, in the UI's language (made when rendered: the bundle arrives with `ready`). */
const exportButtons = (): Array<[ExportFormat, string]> => [
  ['markdown', t('Export Markdown')],
  ['csv', t('Export CSV')],
  ['json', t('Export JSON')],
];

@customElement('report-view')
export class ReportView extends ModelElement<ReportViewModel> {
  override connectedCallback(): void {
    super.connectedCallback();
    // <rv-figure-chart> upgrades when chart.js has loaded, keeping the properties set on it.
    void import('./figureChart');
  }


  /** The report revision last painted: each new one is marked for the e2e suite's score-to-report measure. */
  private paintedRevision = 0;

  override updated(): void {
    const revision = this.model?.revision ?? 0;
    if (revision === this.paintedRevision || !this.model?.state?.report) return;
    this.paintedRevision = revision;
    requestAnimationFrame(() => performance.mark('lexreview:report-painted'));
  }

  override render() {
    const state = this.model?.state;
    if (!state) return html`<p class="muted">${t('Computing the report…')}</p>`;
    return html`
      <header>
        <h1>${t('Evaluation report: {0}', state.set)}</h1>
        ${this.renderExports()}
      </header>
      ${state.report ? this.renderReport(state.report) : html`<p class="error" role="alert">${state.error}</p>`}
    `;
  }

  private renderExports() {
    const model = this.model!;
    const status = model.exportStatus;
    const disabled = status.kind === 'exporting' || !model.state?.report;
    const message =
      status.kind === 'written' ? t('Written to {0}', status.path)
        : status.kind === 'failed' ? t('Export failed: {0}', status.message)
          : status.kind === 'exporting' ? t('Exporting…') : '';
    return html`<div class="exports">
      ${exportButtons().map(([format, label]) => html`<button class="secondary export" data-format=${format} ?disabled=${disabled} @click=${() => void model.export(format)}>${label}</button>`)}
      <span class="status ${status.kind === 'failed' ? 'error' : 'muted'}" role="status" aria-live="polite">${message}</span>
    </div>`;
  }

  private renderReport(r: Report) {
    return html`
      <p>${t('Every model is scored against the baseline {0}: 100 % means as good as the baseline.', r.baseline)}</p>
      ${judgeSentences(r, t).map((line) => html`<p class="muted judge">${line}</p>`)}
      ${r.models.length === 0
        ? html`<p class="muted">${t('No model is judged against the baseline yet.')}</p>`
        : html`
            <section>
              <h2>${t('Figures per model')}</h2>
              <rv-figure-chart .bars=${figureBars(r, t)} baseline=${r.baseline}></rv-figure-chart>
              <ul class="sentences" id="verdicts">${verdicts(r, t).map((v) => html`<li><span class="model">${v.model}</span> ${v.text}</li>`)}</ul>
              ${renderTable(figuresTable(r, t), 'figures')}
            </section>
            <section>
              <h2>${t('Between models')}</h2>
              <ul class="sentences" id="comparisons">${comparisonSentences(r, t).map((s) => html`<li>${s}</li>`)}</ul>
            </section>
            ${optionalTable(categoryTable(r, t), 'categories')}
            <section>${renderTable(positionBiasTable(r, t), 'position-bias')}</section>
            <section>
              <h2>${t('Judge and humans')}</h2>
              <ul class="sentences" id="agreement">${agreementSentences(r.agreement, t).map((s) => html`<li>${s}</li>`)}</ul>
            </section>
            <section>${renderTable(lengthTable(r, t), 'lengths')}</section>
            ${optionalTable(flagsTable(r, t), 'flags') ?? nothing}
            ${flagsTable(r, t) ? nothing : html`<section><h2>${t('Flags by kind')}</h2><p class="muted">${t('No answer is flagged yet.')}</p></section>`}
            ${optionalTable(detectorsTable(r, t), 'detectors') ?? nothing}
          `}
      <footer class="muted">
        <p>${t('The corrected figure assumes that the human-reviewed questions are a random sample of the judged ones; reviews chosen because the judge looked doubtful make it lean toward the hard cases.')}</p>
        <p>${t('Intervals: {0} bootstrap resamples of the questions (seed {1}); the corrected figure’s by the delta method.', r.bootstrap.resamples, r.bootstrap.seed)}</p>
      </footer>
    `;
  }

  static override styles = [
    shared,
    pageStyles,
    css`
      .exports {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px;
      }
      .status {
        margin-inline-start: 6px;
      }
      .error {
        color: var(--vscode-errorForeground);
      }
      table {
        width: 100%;
        border-collapse: collapse;
        margin: 8px 0 4px;
        font-variant-numeric: tabular-nums;
      }
      caption {
        text-align: start;
        font-weight: 600;
        font-size: 1.15em;
        padding: 12px 0 8px;
      }
      th,
      td {
        padding: 4px 12px 4px 0;
        border-bottom: 1px solid var(--vscode-widget-border, var(--vscode-editorWidget-border, rgba(128, 128, 128, 0.35)));
        text-align: start;
        vertical-align: top;
      }
      thead th {
        color: var(--vscode-descriptionForeground);
        font-weight: 600;
      }
      tbody th {
        font-weight: normal;
        min-width: 14em;
        overflow-wrap: anywhere;
      }
      .nowrap {
        white-space: nowrap;
      }
      .table-scroll {
        overflow-x: auto;
      }
      .table-scroll:focus-visible {
        outline: 1px solid var(--vscode-focusBorder);
        outline-offset: 2px;
      }
      th.end {
        text-align: end;
      }
      #verdicts {
        margin: 8px 0 4px;
      }
      .model {
        font-weight: 600;
      }
      .num {
        text-align: end;
        white-space: nowrap;
      }
      ul.sentences {
        margin: 0;
        padding-inline-start: 20px;
      }
      ul.sentences li {
        margin: 3px 0;
      }
      footer {
        margin-top: 24px;
        font-size: 0.95em;
      }
      footer p {
        margin: 4px 0;
      }
    `,
  ];
}

function optionalTable(table: Table | undefined, id: string) {
  return table ? html`<section>${renderTable(table, id)}</section>` : undefined;
}

/**
 * A table with its caption; the first cell of each row names it (a row header for screen readers).
 * A table wider than the view scrolls on its own (a focusable region, so the keyboard scrolls it
 * too) instead of running off the page's edge.
 */
function renderTable(table: Table, id: string) {
  const cls = (i: number) => (table.numeric[i] ? 'num' : table.nowrap?.[i] ? 'nowrap' : '');
  return html`<div class="table-scroll" role="region" tabindex="0" aria-label=${table.caption}><table id=${id}>
    <caption>${table.caption}</caption>
    <thead><tr>${table.headers.map((h, i) => html`<th scope="col" class=${table.numeric[i] ? 'end' : ''}>${h}</th>`)}</tr></thead>
    <tbody>
      ${table.rows.map(([head, ...cells]) => html`<tr data-name=${head}><th scope="row">${head}</th>${cells.map((c, i) => html`<td class=${cls(i + 1)}>${c}</td>`)}</tr>`)}
    </tbody>
  </table></div>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'report-view': ReportView;
  }
}
