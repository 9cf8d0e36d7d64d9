// <run-panel>: one training run — its state, a progress bar with the ETA, the live loss curve,
// Cancel and Show Log buttons. The state and progress line are a polite live region, so a screen
// reader hears the run end; the curve's numbers are in the output channel's log (Show Log).
import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { shared } from '../datasetEditor/styles';
import { pageStyles } from '../shared/pageStyles';
import { t } from '../shared/l10n';
import { curveData } from './curveData';
import { progressText, type RunPanelModel } from './runPanelModel';
import { ModelElement } from '../shared/modelElement';

@customElement('run-panel')
export class RunPanel extends ModelElement<RunPanelModel> {
  override connectedCallback(): void {
    super.connectedCallback();
    // <rp-loss-chart> upgrades when chart.js has loaded, keeping the properties set on it.
    void import('./lossChart');
  }


  override render() {
    const model = this.model;
    const run = model?.run;
    if (!model || !run) return html`<p class="muted">${t('Reading the run…')}</p>`;
    const status = model.status;
    const progress = status?.progress ?? {};
    const cancelling = model.cancelStatus.kind === 'cancelling';
    return html`
      <header>
        <h1>${t('Training run: {0}', run.name)}</h1>
        <div class="actions">
          <button id="cancel" class="primary" ?disabled=${!model.active || cancelling} @click=${() => void model.cancel()}>${cancelling && model.active ? t('Cancelling…') : t('Cancel Run')}</button>
          <button id="show-log" class="secondary" @click=${() => void model.showLog()}>${t('Show Log')}</button>
        </div>
      </header>
      <p class="muted">${t('On {0}', run.host)} · ${run.summary}</p>
      <div class="status" role="status" aria-live="polite">
        <span id="state" class="state state-${status?.state ?? 'unknown'}" data-state=${status?.state ?? ''}>${status ? status.stateLabel : t('Reading the run…')}</span>
        ${status?.stateDetail ? html`<span class="muted">${status.stateDetail}</span>` : nothing}
        <span id="progress-text">${progressText(t, progress, model.active)}</span>
      </div>
      <progress id="progress" max="1" .value=${progress.fraction ?? 0} aria-label=${t('Training progress')}></progress>
      ${status?.error ? html`<p class="error" role="alert">${status.error}</p>` : nothing}
      ${model.cancelStatus.kind === 'failed' ? html`<p class="error" role="alert">${t('Cancel failed: {0}', model.cancelStatus.message)}</p>` : nothing}
      <section>
        <h2>${t('Loss curve')}</h2>
        ${model.points.length === 0
          ? html`<p class="muted" id="no-points">${t('No loss logged yet.')}</p>`
          : nothing}
        <rp-loss-chart id="curve" .data=${curveData(model.points)} points=${model.points.length} data-points=${model.points.length}></rp-loss-chart>
      </section>
    `;
  }

  static override styles = [
    shared,
    pageStyles,
    css`
      .actions {
        display: flex;
        gap: 6px;
      }
      .status {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 12px;
        align-items: baseline;
        margin: 8px 0 6px;
        font-variant-numeric: tabular-nums;
      }
      .state {
        font-weight: 600;
      }
      .state-running {
        color: var(--vscode-charts-blue);
      }
      .state-queued {
        color: var(--vscode-charts-yellow);
      }
      .state-finished {
        color: var(--vscode-charts-green);
      }
      .state-failed {
        color: var(--vscode-errorForeground);
      }
      .state-cancelled {
        color: var(--vscode-disabledForeground, var(--vscode-descriptionForeground));
      }
      progress {
        width: 100%;
        max-width: 1100px;
        height: 6px;
        accent-color: var(--vscode-progressBar-background);
      }
      .error {
        color: var(--vscode-errorForeground);
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'run-panel': RunPanel;
  }
}
