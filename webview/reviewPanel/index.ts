// Entry point of the review panel's webview: connects <review-panel> to the host. The host sends
// `init` once asked `ready` (a request of the typed protocol like any other); the set and baseline
// are kept as the webview's state, from which VS Code reopens the panel after a window reload.
import { setBundle } from '../shared/l10n';
import { RpcClient, type EventMessage } from '../../shared/rpc';
import type { Events, PanelState, Requests } from '../../shared/reviewPanel/protocol';
import { vscode } from '../shared/vscodeApi';
import './reviewPanel';
import { ReviewModel } from './reviewModel';

// Where the opening time goes (the e2e suite reads these): the bundle evaluated, the host's init arrived.
performance.mark('lexreview:script');

// The panel fills the webview, which scrolls nothing itself (the answers scroll inside).
const page = new CSSStyleSheet();
page.replaceSync('html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }');
document.adoptedStyleSheets = [...document.adoptedStyleSheets, page];

const rpc = new RpcClient<Requests>(vscode);
const model = new ReviewModel((method, params) => rpc.call(method, params));

window.addEventListener('message', (e: MessageEvent) => {
  if (rpc.handle(e.data)) return;
  const message = e.data as EventMessage<Events>;
  if (message?.kind !== 'event') return;
  if (message.name === 'init') {
    performance.mark('lexreview:init');
    setBundle(message.payload.l10n);
    const { set, baseline } = message.payload;
    vscode.setState({ set, baseline } satisfies PanelState);
  }
  model.handleEvent(message);
});

const panel = document.querySelector('review-panel') ?? document.body.appendChild(document.createElement('review-panel'));
panel.model = model;
void model.ready();
