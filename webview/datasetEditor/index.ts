// Entry point of the dataset editor's webview: connects <dataset-editor> to the host. The host
// sends `init` once asked `ready` (a request of the typed protocol like any other), with the
// first rows of the view the model restores.
import { setBundle } from '../shared/l10n';
import { RpcClient, type EventMessage } from '../../shared/rpc';
import './datasetEditor';
import { EditorModel } from './editorModel';
import type { Events, Requests } from '../../shared/datasetEditor/protocol';
import { restoreState } from './viewState';
import { vscode } from '../shared/vscodeApi';
import pageCss from '../../media/datasetEditor.css';

const page = new CSSStyleSheet();
page.replaceSync(pageCss);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, page];

const rpc = new RpcClient<Requests>(vscode);
const model = new EditorModel((method, params) => rpc.call(method, params), (state) => vscode.setState(state), restoreState(vscode.getState()));

window.addEventListener('message', (e: MessageEvent) => {
  if (rpc.handle(e.data)) return;
  const message = e.data as EventMessage<Events>;
  if (message?.kind !== 'event') return;
  if (message.name === 'init') {
    performance.mark('lexreview:init');
    setBundle(message.payload.l10n);
  }
  model.handleEvent(message);
});

const editor = document.querySelector('dataset-editor') ?? document.body.appendChild(document.createElement('dataset-editor'));
editor.model = model;
// For the e2e suite's first-rows measurement: the bundle has loaded and run.
performance.mark('lexreview:ready');
void model.ready();
