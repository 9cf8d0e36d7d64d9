// One field's length distribution as a bar chart (chart.js, bundled) with its summary numbers.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { LengthSummary } from '../../extension/core/dataset/lengths';
import { t } from '../shared/l10n';
import { num } from './labels';
import { shared } from './styles';
import { chartColors } from '../shared/themeColors';
import { ThemedChartElement } from '../shared/themedChart';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

@customElement('de-length-histogram')
export class LengthHistogram extends ThemedChartElement<Chart<'bar'>> {
  @property() field = '';
  @property({ attribute: false }) summary!: LengthSummary;

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('summary') || !this.chart) this.draw();
  }

  protected draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas || !this.summary) return;
    const { edges, bins } = this.summary;
    const c = chartColors();
    // Bin i holds lengths in [edges[i], edges[i+1]).
    const labels = bins.map((_, i) => `${edges[i]}–${edges[i + 1] - 1}`);
    this.chart?.destroy();
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels,
        datasets: [{ label: t('records'), data: bins, backgroundColor: c.bar, borderColor: c.barBorder, borderWidth: 1, barPercentage: 1, categoryPercentage: 0.95 }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false }, tooltip: { enabled: true } },
        font: { family: c.font },
        scales: {
          x: { ticks: { color: c.text, maxRotation: 0, autoSkip: true }, grid: { display: false }, title: { display: true, text: t('characters'), color: c.text } },
          y: { beginAtZero: true, ticks: { color: c.text, precision: 0 }, grid: { color: c.grid }, title: { display: true, text: t('records'), color: c.text } },
        },
      },
    });
  }

  override render() {
    const s = this.summary;
    const figures: Array<[string, number]> = [
      [t('min'), s.min],
      ['p50', s.p50],
      ['p90', s.p90],
      ['p99', s.p99],
      [t('max'), s.max],
      [t('mean'), Math.round(s.mean)],
      [t('blank'), s.blank],
    ];
    return html`
      <h3>${this.field}</h3>
      <dl>${figures.map(([k, v]) => html`<div><dt>${k}</dt><dd>${num(v)}</dd></div>`)}</dl>
      <div class="chart"><canvas role="img" aria-label=${t('Length histogram of {0}', this.field)}></canvas></div>
    `;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        padding: 8px 0 16px;
      }
      h3 {
        margin: 0 0 6px;
        font-size: 1.1em;
      }
      dl {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 16px;
        margin: 0 0 8px;
      }
      dl div {
        display: flex;
        gap: 4px;
      }
      dt {
        color: var(--vscode-descriptionForeground);
      }
      dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
      .chart {
        position: relative;
        height: 200px;
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'de-length-histogram': LengthHistogram;
  }
}
