// The live loss curve (chart.js, bundled, loaded with import() when the panel first shows):
// training loss and eval loss on the left axis, the learning rate on a second axis at the right,
// a dashed vertical line at the end of each epoch (a small plugin, no annotation package), and
// chart.js's LTTB decimation so a curve of 100k points draws a few hundred. Updated in place on
// each poll (no animation). The canvas carries the number of points it was given (data-points),
// for the e2e suite and as the aria-label's count.
import { CategoryScale, Chart, Decimation, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type Plugin } from 'chart.js';
import { css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { chartColors, themeColor } from '../shared/themeColors';
import { ThemedChartElement } from '../shared/themedChart';
import { t } from '../shared/l10n';
import type { CurveData } from './curveData';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Decimation, Legend, Tooltip);

function seriesColors() {
  const v = themeColor;
  return {
    loss: v('--vscode-charts-blue', '#3794ff'),
    evalLoss: v('--vscode-charts-orange', '#d18616'),
    learningRate: v('--vscode-charts-green', '#89d185'),
    epoch: v('--vscode-descriptionForeground', '#999'),
  };
}

/** Dashed lines at the epoch boundaries, labelled "1", "2" … at the top. */
function epochPlugin(data: () => CurveData | undefined): Plugin<'line'> {
  return {
    id: 'lexreviewEpochs',
    beforeDatasetsDraw(chart) {
      const marks = data()?.epochMarks ?? [];
      const { ctx, chartArea } = chart;
      const color = seriesColors().epoch;
      ctx.save();
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.setLineDash([4, 4]);
      ctx.lineWidth = 1;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      for (const m of marks) {
        const x = chart.scales.x.getPixelForValue(m.x);
        if (x < chartArea.left || x > chartArea.right) continue;
        ctx.beginPath();
        ctx.moveTo(x, chartArea.top);
        ctx.lineTo(x, chartArea.bottom);
        ctx.stroke();
        ctx.fillText(t('epoch {0}', m.epoch), x, chartArea.top - 2);
      }
      ctx.restore();
    },
  };
}

type LineChart = Chart<'line', Array<{ x: number; y: number }>>;

@customElement('rp-loss-chart')
export class LossChart extends ThemedChartElement<LineChart> {
  @property({ attribute: false }) data: CurveData | undefined;
  /** Points given (before decimation); the model's count. */
  @property({ type: Number }) points = 0;

  override updated(changed: PropertyValues<this>): void {
    if (!this.chart) this.draw();
    else if (changed.has('data')) this.refresh();
  }

  /** New points: the same chart, its data replaced (chart.js decimates from the original data). */
  private refresh(): void {
    const chart = this.chart!;
    const d = this.data;
    if (!d) return;
    chart.data.datasets[0].data = d.loss;
    chart.data.datasets[1].data = d.evalLoss;
    chart.data.datasets[2].data = d.learningRate;
    chart.update('none');
    chart.canvas.dataset.points = String(this.points);
  }

  protected draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas) return;
    const base = chartColors();
    const c = seriesColors();
    const d = this.data ?? { loss: [], evalLoss: [], learningRate: [], epochMarks: [] };
    this.chart?.destroy();
    const line = (label: string, data: Array<{ x: number; y: number }>, color: string, axis: 'y' | 'y2', dash?: number[]) => ({
      label,
      data,
      yAxisID: axis,
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2,
      borderDash: dash,
      pointRadius: data.length < 40 ? 2 : 0,
      tension: 0,
    });
    this.chart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: [
          line(t('loss'), d.loss, c.loss, 'y'),
          { ...line(t('eval loss'), d.evalLoss, c.evalLoss, 'y'), pointRadius: 3 },
          line(t('learning rate'), d.learningRate, c.learningRate, 'y2', [6, 3]),
        ],
      },
      options: {
        parsing: false,
        normalized: true,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        layout: { padding: { top: 16 } },
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        font: { family: base.font },
        plugins: {
          decimation: { enabled: true, algorithm: 'lttb', samples: 500, threshold: 1000 },
          legend: { position: 'top', align: 'start', labels: { color: base.text, boxWidth: 12, boxHeight: 12 } },
        },
        scales: {
          x: { type: 'linear', title: { display: true, text: t('step'), color: base.text }, ticks: { color: base.text }, grid: { color: base.grid } },
          y: { type: 'linear', position: 'left', title: { display: true, text: t('loss'), color: base.text }, ticks: { color: base.text }, grid: { color: base.grid } },
          // Learning rates are 1e-5 … 2e-2: in exponent form, three significant digits, not chart.js's 9.98000000E-5.
          y2: { type: 'linear', position: 'right', title: { display: true, text: t('learning rate'), color: base.text }, ticks: { color: base.text, callback: (v) => Number(v).toExponential(2) }, grid: { drawOnChartArea: false } },
        },
      },
      plugins: [epochPlugin(() => this.data)],
    });
    canvas.dataset.points = String(this.points);
  }

  override render() {
    return html`<div class="chart">
      <canvas role="img" aria-label=${t('Loss curve of {0} logged points: training loss, eval loss and learning rate by step, with the end of each epoch marked.', this.points)}></canvas>
    </div>`;
  }

  static override styles = css`
    :host {
      display: block;
    }
    .chart {
      position: relative;
      height: 360px;
      max-width: 1100px;
    }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-loss-chart': LossChart;
  }
}
