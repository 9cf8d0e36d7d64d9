// Why a webview opened a second late in code-server, without VS Code or the test driver: code-server
// serves every webview from one origin, and each new webview registers VS Code's service worker
// under a script URL of its own (`service-worker.js?…&id=<webview>`), which replaces the worker of
// that origin; Chromium starts the replacement about a second later. Desktop VS Code and vscode.dev
// give each webview an origin of its own, and so does our code-server since WEBVIEW_PATCH
// (scripts/code-server.mjs): subdomains of the window's own site, so that a browser which blocks
// third-party storage (a private window, as here) still lets them register. This page does both,
// four webviews each, in a plain headless Chromium (no Playwright), and prints how long each
// frame's document took to arrive, against the first one. Usage: node --import tsx bench/serviceWorkerSwap.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WORKER = `
self.addEventListener('install', (e) => e.waitUntil(self.skipWaiting()));
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', () => {});`;

// One "webview": registers the worker under its own id, waits until it controls the page, then
// loads a frame through it (as VS Code's pre/index.html loads fake.html) and tells the driver how
// long the frame's document took (by message: in the second mode the driver is another origin).
const WEBVIEW = `<!doctype html><body><script>
const id = new URLSearchParams(location.search).get('id');
(async () => {
  await navigator.serviceWorker.register('worker.js?id=' + id);
  if (!navigator.serviceWorker.controller?.scriptURL.endsWith('id=' + id)) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  const frame = document.createElement('iframe');
  frame.src = 'frame.html?id=' + id;
  document.body.appendChild(frame);
  await new Promise((r) => (frame.onload = r));
  parent.postMessage(frame.contentWindow.performance.getEntriesByType('navigation')[0].responseEnd, '*');
})().catch((e) => parent.postMessage(String(e), '*'));
</script></body>`;

// Four webviews one after another on the driver's own origin (code-server's way), then four on
// subdomains of its host (one origin each, the same site).
const DRIVER = `<!doctype html><body><script>
async function open(src) {
  document.body.replaceChildren();
  const f = document.createElement('iframe');
  const answer = new Promise((r) => window.addEventListener('message', (e) => r(e.data), { once: true }));
  f.src = src;
  document.body.appendChild(f);
  return answer;
}
(async () => {
  const result = { shared: [], own: [] };
  for (let i = 0; i < 4; i++) result.shared.push(await open('/webview.html?id=s' + i));
  for (let i = 0; i < 4; i++) result.own.push(await open('http://w' + i + '.' + location.host + '/webview.html?id=o' + i));
  await fetch('/result', { method: 'POST', body: JSON.stringify(result) });
})();
</script></body>`;

const PAGES: Record<string, [string, string]> = {
  '/driver.html': ['text/html', DRIVER],
  '/webview.html': ['text/html', WEBVIEW],
  '/frame.html': ['text/html', '<!doctype html><p>frame</p>'],
  '/worker.js': ['text/javascript', WORKER],
};

async function main(): Promise<void> {
  const profile = mkdtempSync(join(tmpdir(), 'lexreview-sw-'));
  let browser: ReturnType<typeof spawn> | undefined;
  const times = await new Promise<Record<'shared' | 'own', unknown[]>>((resolve, reject) => {
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path === '/result') {
        let body = '';
        req.on('data', (d) => (body += d));
        req.on('end', () => {
          res.end();
          server.close();
          resolve(JSON.parse(body) as Record<'shared' | 'own', unknown[]>);
        });
        return;
      }
      const page = PAGES[path];
      res.statusCode = page ? 200 : 404;
      if (page) res.setHeader('content-type', page[0]);
      res.end(page?.[1]);
    }).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      browser = spawn('/usr/bin/chromium', ['--headless=new', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, '--incognito', `http://lexreview.localhost:${port}/driver.html`], { stdio: 'ignore' });
      browser.on('error', reject);
    });
    setTimeout(() => reject(new Error('no result from Chromium within 60 s')), 60_000).unref();
  }).finally(async () => {
    // The profile goes once Chromium has exited (it writes to it until then).
    if (browser && browser.exitCode === null) await new Promise((r) => (browser!.once('exit', r), browser!.kill()));
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  });
  for (const mode of ['shared', 'own'] as const) {
    const bad = times[mode].find((t) => typeof t !== 'number');
    if (bad !== undefined) throw new Error(`a webview on ${mode === 'shared' ? 'the shared origin' : 'its own origin'} failed: ${String(bad)}`);
  }
  const [shared, own] = [times.shared as number[], times.own as number[]];
  const ms = (xs: number[]) => xs.map((t) => `${t.toFixed(0)} ms`).join(', ');
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  console.log(`frame documents, 4 webviews on one shared origin (code-server's way): ${ms(shared)}`);
  console.log(`frame documents, 4 webviews on origins of their own, one site (WEBVIEW_PATCH): ${ms(own)}`);
  const [s2, o2] = [median(shared.slice(1)), median(own.slice(1))];
  console.log(`webviews 2-4, median: shared origin ${s2.toFixed(0)} ms = ${(s2 / Math.max(shared[0], 1)).toFixed(0)}× its first; own origins ${o2.toFixed(0)} ms = ${(o2 / Math.max(own[0], 1)).toFixed(1)}× their first; shared / own = ${(s2 / Math.max(o2, 1)).toFixed(0)}×`);
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
