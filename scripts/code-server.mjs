// Real VS Code in the browser for `npm start` and the e2e tests: code-server from npm,
// installed into .cache/code-server (never a dependency of the extension itself).
//
//   node scripts/code-server.mjs install   install (first time only; later a cached no-op)
//   node scripts/code-server.mjs check     report missing system prerequisites
//
// The install recipe avoids code-server's postinstall, which downloads things from GitHub
// (ripgrep) and builds native modules in ways that fail under npm 11 script gating; instead we
// install with --ignore-scripts and then rebuild exactly the native modules VS Code loads.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync, chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync,
  lstatSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const cacheDir = join(repoRoot, '.cache', 'code-server');
const pkgDir = join(cacheDir, 'node_modules', 'code-server');
const vscodeDir = join(pkgDir, 'lib', 'vscode');
const entry = join(pkgDir, 'out', 'node', 'entry.js');
const marker = join(cacheDir, `.complete-${CODE_SERVER_VERSION}`);

// Native modules of VS Code's server that have to be compiled for this Node.
const VSCODE_NATIVE = ['node-pty', '@vscode/spdlog', 'kerberos', 'native-watchdog', '@parcel/watcher', '@vscode/deviceid'];

// System prerequisites: what we look for, and the Debian package that provides it.
const PREREQS = {
  rg: { path: '/usr/bin/rg', apt: 'ripgrep', why: 'VS Code search (its own download is skipped)' },
  krb5: { path: '/usr/bin/krb5-config', apt: 'libkrb5-dev', why: 'building the kerberos native module' },
  chromium: { path: '/usr/bin/chromium', apt: 'chromium', why: 'the browser the e2e tests drive' },
  cjkFont: { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', apt: 'fonts-wqy-microhei', why: 'Chinese text in the browser (else boxes)' },
  compiler: { path: '/usr/bin/g++', apt: 'build-essential', why: 'compiling native modules' },
  python: { path: '/usr/bin/python3', apt: 'python3', why: 'node-gyp' },
  // What the remote-training tests start on loopback (test/integration/sshd.ts, slurm.ts).
  sshd: { path: '/usr/sbin/sshd', apt: 'openssh-server', why: 'the real sshd of the remote-training tests' },
  ssh: { path: '/usr/bin/ssh', apt: 'openssh-client', why: 'the ssh client LexReview drives' },
  rsync: { path: '/usr/bin/rsync', apt: 'rsync', why: 'dataset uploads' },
  slurm: { path: '/usr/sbin/slurmctld', apt: 'slurm-wlm', why: 'the single-node Slurm of the remote-training tests' },
  munge: { path: '/usr/sbin/munged', apt: 'munge', why: "Slurm's authentication" },
  pyyaml: { path: '/usr/lib/python3/dist-packages/yaml/__init__.py', apt: 'python3-yaml', why: 'reading back the LLaMA-Factory configs as LLaMA-Factory does' },
};

/** What `npm run test:unit` needs beyond Node (its integration tests use real daemons). */
export const UNIT_TEST_PREREQUISITES = ['python', 'sshd', 'ssh', 'rsync', 'slurm', 'munge', 'pyyaml'];

/** Names of the missing prerequisites among `which` (default: all), with their apt packages. */
export function missingPrerequisites(which = Object.keys(PREREQS)) {
  return which.filter((k) => !existsSync(PREREQS[k].path)).map((k) => ({ name: k, ...PREREQS[k] }));
}

/**
 * Fails with a clear message when prerequisites are missing. When running as root with
 * `autoInstall`, tries `apt-get install -y` first (what a fresh dev container needs).
 */
export function ensurePrerequisites(which, { autoInstall = false } = {}) {
  let missing = missingPrerequisites(which);
  if (missing.length && autoInstall && process.getuid?.() === 0) {
    const pkgs = [...new Set(missing.map((m) => m.apt))];
    console.log(`[code-server] installing missing system packages: ${pkgs.join(' ')}`);
    run('apt-get', ['update'], { cwd: repoRoot, allowFail: true });
    run('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs], { cwd: repoRoot, allowFail: true });
    missing = missingPrerequisites(which);
  }
  if (missing.length) {
    const lines = missing.map((m) => `  - ${m.path} missing (${m.why})`);
    const pkgs = [...new Set(missing.map((m) => m.apt))].join(' ');
    throw new Error(`Missing system prerequisites:\n${lines.join('\n')}\nInstall them with:\n  sudo apt-get install -y ${pkgs}`);
  }
}

function run(cmd, args, { cwd, env = {}, allowFail = false } = {}) {
  console.log(`[code-server] (${relative(repoRoot, cwd) || '.'}) $ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0 && !allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}) in ${cwd}`);
  }
  return r.status === 0;
}

/** Loads each native module in a child Node: a module that built but does not load is a failure. */
function verifyNativeModules() {
  const check = (cwd, mods) => {
    const code = mods.map((m) => `require(${JSON.stringify(m)});`).join('');
    const r = spawnSync(process.execPath, ['-e', code], { cwd, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`native module check failed in ${cwd}:\n${r.stderr}`);
  };
  check(vscodeDir, VSCODE_NATIVE);
  check(pkgDir, ['argon2']); // resolves to the hoisted .cache/code-server/node_modules/argon2
}

export function isInstalled() {
  return existsSync(marker) && existsSync(entry) && webviewOriginPatched();
}

// code-server serves every webview from its own origin (`stable-<commit>/static/…/pre/`), where
// desktop VS Code gives each webview an origin of its own (vscode-webview://<id>) and vscode.dev
// a subdomain of its own (<id>.vscode-cdn.net). On one shared origin each new webview registers
// VS Code's service worker under a new script URL, which replaces the previous one, and Chromium
// starts the replacement about a second later: every webview after the first opened a second late
// (bench/serviceWorkerSwap.ts shows it without VS Code). So, as vscode.dev does, each webview gets
// a subdomain of the page's own host when that is a name under `localhost` (which browsers resolve
// to loopback and treat as a secure context, so the webview's own origin check, a hash of the
// parent's origin, still runs). A page on any other host, or over https, keeps code-server's endpoint.
// Same site, not only loopback: were the page on 127.0.0.1 or on `localhost` itself, each webview
// would be a third party, and a browser that blocks third-party cookies (Playwright's contexts,
// private windows) refuses its service worker. Its webviews are `<id>.lexreview.localhost`.
export const BROWSER_HOST = 'lexreview.localhost';
const serverMain = join(vscodeDir, 'out', 'server-main.js');
// code-server's own server-main.js, kept at the first patch: each patch starts from it, so a
// change to WEBVIEW_PATCH re-patches an installed cache instead of finding its `from` gone.
const serverMainOriginal = `${serverMain}.orig`;
const PRE = '/out/vs/workbench/contrib/webview/browser/pre';
const WEBVIEW_PATCH = [
  {
    // The workbench's webview endpoint, per request: `{{uuid}}` is replaced in the browser by the
    // webview's origin hash. Gb(t) is the request's URL, against which code-server made w relative;
    // n("host") its Host header.
    from: `webviewEndpoint:w+"${PRE}"`,
    to: `webviewEndpoint:((p)=>{const u=new URL(p,"http://"+(n("host")||"invalid")+Gb(t));return !t.socket?.encrypted&&/\\.localhost$/.test(u.hostname)?(u.hostname="{{uuid}}."+u.hostname,u.href):p})(w+"${PRE}")`,
  },
  {
    // The workbench page's CSP has to let it frame those origins.
    from: `"frame-src 'self' https://*.vscode-cdn.net data:;"`,
    to: `"frame-src 'self' https://*.vscode-cdn.net http://*.localhost:* data:;"`,
  },
];

function webviewOriginPatched() {
  const text = existsSync(serverMain) ? readFileSync(serverMain, 'utf8') : '';
  return WEBVIEW_PATCH.every((p) => text.includes(p.to));
}

/** Applies WEBVIEW_PATCH to code-server's own server; each part must match exactly once, or nothing is written. */
function patchWebviewOrigin() {
  const source = existsSync(serverMainOriginal) ? serverMainOriginal : serverMain;
  let text = readFileSync(source, 'utf8');
  for (const { from, to } of WEBVIEW_PATCH) {
    const count = text.split(from).length - 1;
    if (count !== 1)
      throw new Error(
        `cannot patch code-server ${CODE_SERVER_VERSION}'s webview origin: expected one ${JSON.stringify(from)} in ${source}, found ${count}` +
          (source === serverMain ? ` (patched by an older LexReview? remove ${cacheDir} and run again)` : ''),
      );
    text = text.replace(from, () => to);
  }
  if (source === serverMain) copyFileSync(serverMain, serverMainOriginal);
  writeFileSync(serverMain, text);
}

/** Installs code-server into .cache/code-server unless the completion marker says it is there. */
export function ensureCodeServer() {
  if (isInstalled()) return entry;
  if (existsSync(marker) && existsSync(entry)) {
    patchWebviewOrigin(); // installed before this patch (or before the patch existed)
    return entry;
  }
  ensurePrerequisites(['rg', 'krb5', 'compiler', 'python'], { autoInstall: true });
  const t0 = Date.now();
  console.log(`[code-server] installing code-server ${CODE_SERVER_VERSION} into ${cacheDir} (first use; a few minutes)`);
  mkdirSync(cacheDir, { recursive: true });
  // Its own package.json so npm treats this folder as a project and does not walk up to ours.
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({ name: 'lexreview-code-server-cache', private: true }, null, 2));
  const yes = { npm_config_yes: 'true' }; // npm 11 asks before running install scripts
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { cwd: cacheDir });
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: vscodeDir });
  run('npm', ['rebuild', ...VSCODE_NATIVE], { cwd: vscodeDir, env: yes });

  // @vscode/ripgrep's postinstall would download rg from GitHub: use the system one instead.
  const rgBin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  mkdirSync(dirname(rgBin), { recursive: true });
  copyFileSync('/usr/bin/rg', rgBin);
  chmodSync(rgBin, 0o755);
  // VS Code resolves some modules through node_modules.asar (a packaging artefact of the desktop build).
  const asar = join(vscodeDir, 'node_modules.asar');
  if (!existsSync(asar)) symlinkSync('node_modules', asar);

  // npm hoists argon2 (code-server's password hashing) to the top of .cache/code-server.
  const argon2Dir = existsSync(join(cacheDir, 'node_modules', 'argon2')) ? cacheDir : pkgDir;
  run('npm', ['rebuild', 'argon2'], { cwd: argon2Dir, env: yes });

  verifyNativeModules();
  patchWebviewOrigin();
  writeFileSync(marker, `${new Date().toISOString()} installed in ${Math.round((Date.now() - t0) / 1000)} s\n`);
  console.log(`[code-server] installed in ${Math.round((Date.now() - t0) / 1000)} s`);
  return entry;
}

/**
 * The folder name VS Code expects in --extensions-dir for the extension in `extensionPath` (default:
 * this repo): publisher.name-version, from its package.json.
 */
export function extensionId(extensionPath = repoRoot) {
  const pkg = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8'));
  return `${pkg.publisher}.${pkg.name}-${pkg.version}`;
}

/**
 * Links an extension folder into extensionsDir so code-server loads it as it is: by default the
 * repo (the working copy's dist/extension.js); any other folder with a package.json links in beside
 * it (the e2e suite's test extensions).
 */
export function linkExtension(extensionsDir, extensionPath = repoRoot) {
  mkdirSync(extensionsDir, { recursive: true });
  const link = join(extensionsDir, extensionId(extensionPath));
  try {
    lstatSync(link);
    rmSync(link, { recursive: false, force: true });
  } catch { /* no previous link */ }
  symlinkSync(extensionPath, link, 'dir');
  return link;
}

/** Installs a packaged .vsix the way a user would, with code-server's own --install-extension. */
export function installVsix(vsix, extensionsDir, userDataDir) {
  mkdirSync(extensionsDir, { recursive: true });
  const r = spawnSync(process.execPath, [entry, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Makes code-server run in Chinese (with `locale: 'zh-cn'` given to startCodeServer): VS Code picks
 * a display language only from an installed language pack, and none can be downloaded here, so a
 * minimal one (test/e2e/zhLanguagePack) is linked in and registered in the user-data dir's
 * languagepacks.json, which the server reads before it starts (it fills that file itself only for
 * packs installed while it runs). LexReview's own strings are then Chinese; VS Code's stay English
 * but for the few the pack translates.
 */
export function installChineseLanguagePack(extensionsDir, userDataDir) {
  const pack = join(repoRoot, 'test', 'e2e', 'zhLanguagePack');
  const link = linkExtension(extensionsDir, pack);
  const id = extensionId(pack).replace(/-[^-]+$/, '');
  const { version } = JSON.parse(readFileSync(join(pack, 'package.json'), 'utf8'));
  mkdirSync(userDataDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'languagepacks.json'),
    JSON.stringify({
      'zh-cn': {
        hash: `${id}-${version}`,
        extensions: [{ extensionIdentifier: { id }, version }],
        translations: { vscode: join(link, 'translations', 'main.i18n.json') },
        label: '中文(简体)',
      },
    }),
  );
}

/** Settings for a quiet, deterministic UI: no welcome page, tips, telemetry, trust prompts. */
export const TEST_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'window.commandCenter': false,
  'git.openRepositoryInParentFolders': 'never',
  // Full-width Chinese punctuation (，？) is "ambiguous" to an en-US UI and gets boxed otherwise.
  'editor.unicodeHighlight.ambiguousCharacters': false,
  // VS Code in the browser saves every dirty editor a second after its last edit by default: a
  // test could never see an unsaved edit for long, and a save would rewrite a 700 MB dataset.
  'files.autoSave': 'off',
};

export function writeUserSettings(userDataDir, extra = {}) {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'settings.json');
  // Keep a user's own settings (npm start reuses its user-data-dir); ours win only where unset.
  let current = {};
  try { current = JSON.parse(readFileSync(file, 'utf8')); } catch { /* none yet, or not plain JSON */ }
  writeFileSync(file, JSON.stringify({ ...TEST_SETTINGS, ...extra, ...current }, null, 2));
}

/** A free TCP port on 127.0.0.1 (ask the OS for port 0, then release it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200)); // polling interval, not a wait for readiness
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms`);
}

/**
 * Starts code-server on `workspace` and resolves once its HTTP port answers.
 * Returns { url, port, process, stop() }; stop() kills it and waits for the exit.
 */
export async function startCodeServer({ workspace, userDataDir, extensionsDir, port, quiet = false, timeoutMs = 60_000, locale }) {
  if (!isInstalled()) ensureCodeServer();
  port ??= await freePort();
  // An explicit config file, else code-server writes one into ~/.config/code-server.
  mkdirSync(userDataDir, { recursive: true });
  const config = join(userDataDir, 'code-server.yaml');
  if (!existsSync(config)) writeFileSync(config, 'auth: none\n');
  const args = [
    entry, '--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-workspace-trust', '--disable-update-check',
    ...(locale ? ['--locale', locale] : []),
    workspace,
  ];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
  });
  // Keep the last output so a failed start can say why, without flooding the test log.
  let tail = '';
  const keep = (d) => { tail = (tail + d).slice(-4000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  // The browser's address: a name under `localhost` so that each webview gets an origin of its own
  // on the same site (WEBVIEW_PATCH). Node's resolver need not know such names, so its own check
  // goes to the address code-server listens on.
  const url = `http://${BROWSER_HOST}:${port}/`;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, child, timeoutMs);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n--- code-server output ---\n${tail}`);
  }
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
  return { url, port, process: child, stop, output: () => tail };
}

// Runnable: `node scripts/code-server.mjs install|check`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const cmd = process.argv[2] ?? 'install';
  try {
    if (cmd === 'install') {
      const already = isInstalled();
      ensureCodeServer();
      console.log(already ? `[code-server] ${CODE_SERVER_VERSION} already installed in ${cacheDir}` : '[code-server] ready');
    } else if (cmd === 'unit-prerequisites') {
      // As root (CI, a fresh container) missing apt packages are installed; otherwise named.
      ensurePrerequisites(UNIT_TEST_PREREQUISITES, { autoInstall: true });
    } else if (cmd === 'check') {
      const missing = missingPrerequisites();
      for (const m of missing) console.log(`missing ${m.path}: apt-get install ${m.apt} (${m.why})`);
      if (!missing.length) console.log('all prerequisites present');
      process.exitCode = missing.length ? 1 : 0;
    } else {
      console.error('usage: node scripts/code-server.mjs install|check|unit-prerequisites');
      process.exitCode = 2;
    }
  } catch (e) {
    console.error(`[code-server] ${e.message}`);
    process.exitCode = 1;
  }
}
