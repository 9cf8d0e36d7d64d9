// The statistics of the records in the view (all records, or those the search and filter leave,
// as its heading says): record count, layout, duplicates, misfits, and a length histogram per field.
// The histograms (chart.js, the largest part of the webview's code) are loaded the first time the
// statistics show, not before the first rows.
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { t } from '../shared/l10n';
import { num } from './labels';
import type { EditorModel } from './editorModel';
import { shared } from './styles';

@customElement('de-stats-view')
export class StatsView extends LitElement {
  @property({ attribute: false }) model!: EditorModel;
  @property({ type: Number }) revision = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    // <de-length-histogram> upgrades when its module has loaded, keeping the properties set on it.
    void import('./lengthHistogram');
  }

  override render() {
    const stats = this.model.stats;
    if (!stats) return html`<p class="muted">${t('Computing statistics…')}</p>`;
    const facts: Array<[string, string]> = [
      [t('Records'), num(stats.records)],
      [t('Layout'), this.model.init?.layoutLabel ?? stats.layout ?? t('unknown')],
      [t('Exact duplicate records'), num(stats.duplicates)],
      [t('Records not fitting the layout'), num(stats.misfits)],
    ];
    return html`
      <h2>${stats.filtered ? t('Statistics of the {0} records in the view (of {1})', num(stats.records), num(stats.total)) : t('Statistics of all {0} records', num(stats.total))}</h2>
      <dl class="facts">${facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
      <h2>${t('Length in characters')}</h2>
      <div class="fields">
        ${Object.entries(stats.fields).map(([field, summary]) => html`<de-length-histogram .field=${field} .summary=${summary}></de-length-histogram>`)}
      </div>
    `;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        overflow: auto;
        padding: 8px 16px;
        box-sizing: border-box;
      }
      h2 {
        font-size: 1.2em;
        margin: 8px 0;
      }
      .facts {
        display: grid;
        grid-template-columns: max-content auto;
        gap: 4px 16px;
        margin: 0 0 16px;
      }
      dt {
        color: var(--vscode-descriptionForeground);
      }
      dd {
        margin: 0;
      }
      .fields {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(380px, 1fr));
        gap: 0 24px;
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'de-stats-view': StatsView;
  }
}
