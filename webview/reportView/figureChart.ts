// The figures as a horizontal chart (chart.js, bundled, loaded with import() when the report
// first shows): per model a row with the judge's, the human-adjusted and the corrected figure,
// each a point on its 95 % interval (a thin floating bar [low, high] with caps, drawn by a small
// plugin: no error-bar package), and the baseline's 100 % as a dashed line. The same numbers are
// in the table below it, the screen reader's way; the canvas has an aria-label that says so.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type Plugin } from 'chart.js';
import { css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { interval, pct } from '../../extension/core/review/reportFormat';
import { chartColors, themeColor } from '../shared/themeColors';
import { ThemedChartElement } from '../shared/themedChart';
import { t } from '../shared/l10n';
import { rowLabel, type FigureBars, type SeriesKey } from './figureBars';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** A series' colour from the theme's chart palette (canvas drawing needs the computed value). */
function seriesColors(): Record<SeriesKey, string> & { dotBorder: string; baseline: string } {
  const v = themeColor;
  return {
    judge: v('--vscode-charts-blue', '#3794ff'),
    human: v('--vscode-charts-orange', '#d18616'),
    corrected: v('--vscode-charts-green', '#89d185'),
    dotBorder: v('--vscode-editor-background', '#1e1e1e'),
    baseline: v('--vscode-descriptionForeground', '#999'),
  };
}

/** Points, interval caps and the 100 % line over the floating bars. */
function figurePlugin(bars: FigureBars, baselineLabel: string): Plugin<'bar'> {
  return {
    id: 'lexreviewFigures',
    // Room under the legend for the 100 % label (layout padding would go above the legend).
    afterInit(chart) {
      const legend = chart.legend;
      if (!legend) return;
      const fit = legend.fit.bind(legend);
      legend.fit = () => {
        fit();
        legend.height += 16;
      };
    },
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea } = chart;
      const x = chart.scales.x.getPixelForValue(100);
      const c = seriesColors();
      ctx.save();
      ctx.strokeStyle = c.baseline;
      ctx.setLineDash([4, 4]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = c.baseline;
      ctx.textBaseline = 'bottom';
      // Above the plot (in the layout's top padding), where no interval can run under it: right of
      // the line, or left of it when the right would run past the plot's edge.
      const right = x + 4 + ctx.measureText(baselineLabel).width <= chartArea.right;
      ctx.textAlign = right ? 'left' : 'right';
      ctx.fillText(baselineLabel, right ? x + 4 : x - 4, chartArea.top - 2);
      ctx.restore();
    },
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const scale = chart.scales.x;
      const c = seriesColors();
      let drawn = 0;
      bars.series.forEach((s, i) => {
        if (!chart.isDatasetVisible(i)) return;
        chart.getDatasetMeta(i).data.forEach((el, j) => {
          const v = s.values[j];
          const bar = s.bars[j];
          if (v === null || !bar) return;
          const { y } = el.getProps(['y'], true) as { y: number };
          ctx.save();
          ctx.strokeStyle = c[s.key];
          ctx.fillStyle = c[s.key];
          ctx.lineWidth = 2;
          if (s.hasInterval[j]) {
            for (const end of bar) {
              const px = scale.getPixelForValue(end);
              ctx.beginPath();
              ctx.moveTo(px, y - 5);
              ctx.lineTo(px, y + 5);
              ctx.stroke();
            }
          }
          ctx.beginPath();
          ctx.arc(scale.getPixelForValue(v), y, 5, 0, 2 * Math.PI);
          ctx.fill();
          ctx.lineWidth = 1.5;
          ctx.strokeStyle = c.dotBorder;
          ctx.stroke();
          ctx.restore();
          drawn++;
        });
      });
      // For the e2e suite: how many figures the last draw put on the canvas.
      chart.canvas.dataset.drawn = String(drawn);
    },
  };
}

@customElement('rv-figure-chart')
export class FigureChart extends ThemedChartElement<Chart<'bar', Array<[number, number] | null>>> {
  @property({ attribute: false }) bars!: FigureBars;
  @property() baseline = '';

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('bars') || changed.has('baseline') || !this.chart) this.draw();
  }

  protected draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas || !this.bars) return;
    const b = this.bars;
    const base = chartColors();
    const c = seriesColors();
    this.chart?.destroy();
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: b.models,
        datasets: b.series.map((s) => ({
          label: s.label,
          data: s.bars,
          backgroundColor: c[s.key],
          borderColor: base.barBorder,
          borderWidth: 0,
          // Thin bars (the interval) in slots spread over the model's row, one per figure, so
          // the three points of a model never cover one another.
          categoryPercentage: 0.9,
          barPercentage: 0.14,
        })),
      },
      options: {
        indexAxis: 'y',
        layout: { padding: { top: 4 } },
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        font: { family: base.font },
        plugins: {
          legend: { position: 'top', align: 'start', labels: { color: base.text, boxWidth: 12, boxHeight: 12 } },
          tooltip: {
            callbacks: {
              label: (item) => {
                const s = b.series[item.datasetIndex];
                const ci = s.hasInterval[item.dataIndex] ? s.bars[item.dataIndex] : null;
                return `${s.label}: ${pct(s.values[item.dataIndex])} (${interval(ci, t)})`;
              },
            },
          },
        },
        scales: {
          x: {
            min: b.min,
            max: b.max,
            ticks: { color: base.text, includeBounds: false, callback: (v) => `${v} %` },
            grid: { color: base.grid },
            title: { display: true, text: t('% of the baseline {0}', this.baseline), color: base.text },
          },
          y: { ticks: { color: base.text, callback: (_, i) => rowLabel(b.models[i]) }, grid: { display: false } },
        },
      },
      plugins: [figurePlugin(b, t('100 % = {0}', this.baseline))],
    });
  }

  override render() {
    const height = Math.max(160, this.bars.models.length * 64 + 90);
    return html`<div class="chart" style="height: ${height}px">
      <canvas role="img" aria-label=${t('Chart of the judge’s, the human-adjusted and the corrected figure of each model with their 95 % intervals; the table below gives the same numbers.')}></canvas>
    </div>
    <p class="note">${t('Points: the figures; bars: their 95 % intervals.')}</p>`;
  }

  static override styles = css`
    :host {
      display: block;
    }
    .chart {
      position: relative;
      max-width: 960px;
    }
    .note {
      margin: 4px 0 0;
      color: var(--vscode-descriptionForeground);
      font-size: 0.9em;
    }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-figure-chart': FigureChart;
  }
}
