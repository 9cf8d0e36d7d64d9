// The run panel's state and every conversation with the host, without DOM (unit-tested in Node
// against a fake host): the run, the points polled so far (appended on each update, replaced on a
// reset), state and progress, the last poll's error, and a Cancel in progress or its outcome. The
// Lit components only render it and call cancel() / showLog().
import type { Translate } from '../../extension/core/l10n';
import { durationText, isActive } from '../../extension/core/training/runText';
import type { EventMessage } from '../../shared/rpc';
import type { Events, InitData, Requests, RunInfo, RunUpdate, TrainPoint, TrainProgress } from '../../shared/runPanel/protocol';
import { PanelModel } from '../shared/panelModel';

export type Call = <K extends keyof Requests & string>(method: K, params: Requests[K][0]) => Promise<Requests[K][1]>;

export type CancelStatus = { kind: 'idle' } | { kind: 'cancelling' } | { kind: 'failed'; message: string };

export class RunPanelModel extends PanelModel {
  /** Undefined until the host answered `ready`. */
  run: RunInfo | undefined;
  /** The last update without its points (state, progress, error); undefined before the first poll. */
  status: Omit<RunUpdate, 'points' | 'reset'> | undefined;
  points: TrainPoint[] = [];
  cancelStatus: CancelStatus = { kind: 'idle' };
  /** Updates received so far: the chart redraws when it moves. */
  revision = 0;

  constructor(
    private readonly call: Call,
    private readonly applyL10n: (bundle: InitData['l10n']) => void = () => undefined,
  ) {
    super();
  }

  async ready(): Promise<void> {
    const init = await this.call('ready', undefined);
    this.applyL10n(init.l10n);
    this.run = init.run;
    if (init.update) this.apply({ ...init.update, reset: true });
    else this.changed();
  }

  handleEvent(message: EventMessage<Events>): void {
    if (message.name === 'update') this.apply(message.payload);
  }

  /** Queued or running: Cancel applies, and the curve may still grow. */
  get active(): boolean {
    return this.status !== undefined && isActive(this.status.state);
  }

  /** Asks the host to cancel (it confirms with the user); one at a time. */
  async cancel(): Promise<void> {
    if (this.cancelStatus.kind === 'cancelling' || !this.active) return;
    this.cancelStatus = { kind: 'cancelling' };
    this.changed();
    try {
      await this.call('cancel', undefined);
      this.cancelStatus = { kind: 'idle' };
    } catch (e) {
      this.cancelStatus = { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
    this.changed();
  }

  showLog(): Promise<null> {
    return this.call('showLog', undefined);
  }

  private apply(update: RunUpdate): void {
    const { points, reset, ...status } = update;
    if (reset) this.points = [...points];
    else this.points.push(...points);
    this.status = status;
    this.revision++;
    this.changed();
  }

}

/** `Step 120 of 400 · 30 % · ETA 1:02:03 · epoch 0.9 · loss 1.234`: what the trainer said last. */
export function progressText(t: Translate, p: TrainProgress, active: boolean): string {
  const parts: string[] = [];
  if (p.step !== undefined) parts.push(p.totalSteps !== undefined ? t('Step {0} of {1}', p.step, p.totalSteps) : t('Step {0}', p.step));
  if (p.fraction !== undefined) parts.push(`${Math.floor(p.fraction * 100)} %`);
  if (active && p.etaSeconds !== undefined) parts.push(t('ETA {0}', durationText(p.etaSeconds)));
  if (p.epoch !== undefined) parts.push(t('epoch {0}', Number(p.epoch.toFixed(2))));
  if (p.loss !== undefined) parts.push(t('loss {0}', Number(p.loss.toPrecision(4))));
  if (p.evalLoss !== undefined) parts.push(t('eval loss {0}', Number(p.evalLoss.toPrecision(4))));
  return parts.join(' · ');
}
