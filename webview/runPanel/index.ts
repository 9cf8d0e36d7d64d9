// Entry point of the run panel's webview: connects <run-panel> to the host. The host answers
// `ready` with the run, what has been polled so far and the language bundle, then sends `update`
// after every poll while the run goes on. The run's host and name are kept as the webview's state,
// from which VS Code reopens the panel after a window reload.
import { setBundle } from '../shared/l10n';
import { RpcClient, type EventMessage } from '../../shared/rpc';
import type { Events, Requests, RunPanelState } from '../../shared/runPanel/protocol';
import { vscode } from '../shared/vscodeApi';
import './runPanel';
import { RunPanelModel } from './runPanelModel';

const rpc = new RpcClient<Requests>(vscode);
const model = new RunPanelModel((method, params) => rpc.call(method, params), setBundle);

window.addEventListener('message', (e: MessageEvent) => {
  if (rpc.handle(e.data)) return;
  const message = e.data as EventMessage<Events>;
  if (message?.kind === 'event') model.handleEvent(message);
});

const view = document.querySelector('run-panel') ?? document.body.appendChild(document.createElement('run-panel'));
view.model = model;
void model.ready().then(() => {
  if (model.run) vscode.setState({ host: model.run.host, name: model.run.name } satisfies RunPanelState);
});
