// Why a second webview takes a second longer to open in code-server, without VS Code or the test
// driver: code-server serves every webview from one origin, and each new webview registers VS
// Code's service worker under a script URL of its own (`service-worker.js?…&id=<webview>`), which
// replaces the worker of that origin. This page does the same four times in a plain headless
// Chromium (no Playwright) and prints how long the frame's document took to arrive each time: the
// first registration against the replacements. Usage: node --import tsx bench/serviceWorkerSwap.ts
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
// loads a frame through it (as VS Code's pre/index.html loads fake.html) and reports the frame's timing.
const WEBVIEW = `<!doctype html><body><script>
const id = new URLSearchParams(location.search).get('id');
window.result = (async () => {
  await navigator.serviceWorker.register('worker.js?id=' + id);
  if (!navigator.serviceWorker.controller?.scriptURL.endsWith('id=' + id)) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  const frame = document.createElement('iframe');
  frame.src = 'frame.html?id=' + id;
  document.body.appendChild(frame);
  await new Promise((r) => (frame.onload = r));
  return frame.contentWindow.performance.getEntriesByType('navigation')[0].responseEnd;
})();
</script></body>`;

const DRIVER = `<!doctype html><body><script>
(async () => {
  const times = [];
  for (let i = 0; i < 4; i++) {
    document.body.replaceChildren();
    const f = document.createElement('iframe');
    f.src = '/webview.html?id=w' + i;
    document.body.appendChild(f);
    await new Promise((r) => (f.onload = r));
    times.push(await f.contentWindow.result);
  }
  await fetch('/result', { method: 'POST', body: JSON.stringify(times) });
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
  const times = await new Promise<number[]>((resolve, reject) => {
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path === '/result') {
        let body = '';
        req.on('data', (d) => (body += d));
        req.on('end', () => {
          res.end();
          server.close();
          resolve(JSON.parse(body) as number[]);
        });
        return;
      }
      const page = PAGES[path];
      res.statusCode = page ? 200 : 404;
      if (page) res.setHeader('content-type', page[0]);
      res.end(page?.[1]);
    }).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      browser = spawn('/usr/bin/chromium', ['--headless=new', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, `http://127.0.0.1:${port}/driver.html`], { stdio: 'ignore' });
      browser.on('error', reject);
    });
    setTimeout(() => reject(new Error('no result from Chromium within 60 s')), 60_000).unref();
  }).finally(async () => {
    // The profile goes once Chromium has exited (it writes to it until then).
    if (browser && browser.exitCode === null) await new Promise((r) => (browser!.once('exit', r), browser!.kill()));
    rmSync(profile, { recursive: true, force: true });
  });
  const [first, ...replaced] = times;
  console.log(`frame document through the origin's first service worker: ${first.toFixed(0)} ms`);
  for (const [i, t] of replaced.entries()) console.log(`frame document after the worker was replaced (${i + 1}): ${t.toFixed(0)} ms (${(t / Math.max(first, 1)).toFixed(0)}× the first)`);
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
