// Entry point of the report view's webview: connects <report-view> to the host. The host answers
// `ready` with the set's report (computed there) and the language bundle, then sends `report`
// again whenever a review is saved or the panel shows again.
import { setBundle } from '../shared/l10n';
import { RpcClient, type EventMessage } from '../../shared/rpc';
import type { Events, Requests } from '../../shared/reportView/protocol';
import { vscode } from '../shared/vscodeApi';
import './reportView';
import { ReportViewModel } from './reportViewModel';

const rpc = new RpcClient<Requests>(vscode);
const model = new ReportViewModel((method, params) => rpc.call(method, params), setBundle);

window.addEventListener('message', (e: MessageEvent) => {
  if (rpc.handle(e.data)) return;
  const message = e.data as EventMessage<Events>;
  if (message?.kind === 'event') model.handleEvent(message);
});

const view = document.querySelector('report-view') ?? document.body.appendChild(document.createElement('report-view'));
view.model = model;
void model.ready();
