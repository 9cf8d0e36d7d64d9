// The report view's state and every conversation with the host, without DOM (unit-tested in Node
// against a fake host): the report as last sent, and the export in progress or its outcome. The
// Lit components only render it and call export().
import type { EventMessage } from '../../shared/rpc';
import type { Events, ExportFormat, InitData, ReportState, Requests } from '../../shared/reportView/protocol';
import { PanelModel } from '../shared/panelModel';

export type Call = <K extends keyof Requests & string>(method: K, params: Requests[K][0]) => Promise<Requests[K][1]>;

export type ExportStatus =
  | { kind: 'idle' }
  | { kind: 'exporting'; format: ExportFormat }
  | { kind: 'written'; format: ExportFormat; path: string }
  | { kind: 'failed'; format: ExportFormat; message: string };

export class ReportViewModel extends PanelModel {
  /** Undefined until the host answered `ready`. */
  state: ReportState | undefined;
  exportStatus: ExportStatus = { kind: 'idle' };
  /** Reports received so far: the components redraw the chart when it moves. */
  revision = 0;

  /** `applyL10n` runs with the host's bundle before the first report is shown, so nothing renders in the wrong language. */
  constructor(
    private readonly call: Call,
    private readonly applyL10n: (bundle: InitData['l10n']) => void = () => undefined,
  ) {
    super();
  }

  async ready(): Promise<void> {
    const init = await this.call('ready', undefined);
    this.applyL10n(init.l10n);
    this.show(init.state);
  }

  handleEvent(message: EventMessage<Events>): void {
    if (message.name === 'report') this.show(message.payload);
  }

  /** Asks the host to write the report in `format`; one export at a time (a second click is ignored meanwhile). */
  async export(format: ExportFormat): Promise<void> {
    if (this.exportStatus.kind === 'exporting' || !this.state?.report) return;
    this.exportStatus = { kind: 'exporting', format };
    this.changed();
    try {
      const { path } = await this.call('export', { format });
      this.exportStatus = path === undefined ? { kind: 'idle' } : { kind: 'written', format, path };
    } catch (e) {
      this.exportStatus = { kind: 'failed', format, message: e instanceof Error ? e.message : String(e) };
    }
    this.changed();
  }

  private show(state: ReportState): void {
    this.state = state;
    this.revision++;
    this.changed();
  }

}
