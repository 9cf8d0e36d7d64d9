// End-to-end harness: a real VS Code (code-server) driven in Debian's Chromium by playwright-core.
// Each launch gets a fresh code-server (temp user-data-dir, extensions-dir with the repo linked
// in, a copy of test/e2e/workspace) and a fresh browser profile, so tests never share state.
// Everything waits on conditions in the UI (selectors, text), never on fixed sleeps.
import { chromium, type BrowserContext, type Frame, type Locator, type Page } from 'playwright-core';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generate } from '../../bench/generate';

// scripts/code-server.mjs is an ES module shared with the plain-Node scripts; this file is
// CommonJS (no "type": "module" in package.json), so it has to be loaded with import().
type CodeServerModule = typeof import('../../scripts/code-server.mjs', { with: { 'resolution-mode': 'import' } });
type CodeServer = Awaited<ReturnType<CodeServerModule['startCodeServer']>>;
const codeServer: Promise<CodeServerModule> = import('../../scripts/code-server.mjs');

const repoRoot = join(__dirname, '..', '..');
export const resultsDir = join(repoRoot, 'test-results', 'e2e');
const fixtureWorkspace = join(repoRoot, 'test', 'e2e', 'workspace');

/** Default wait for UI conditions; the first load of the workbench gets longer. */
const TIMEOUT = 30_000;

const CHROMIUM_ARGS = [
  '--no-sandbox', // we run as root in containers
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchOptions {
  /** Datasets generated into the workspace copy: relative path → record count (JSON layout). */
  datasets?: Record<string, number>;
  /** Extension folder to link in (default: the repo itself, i.e. the built dist/extension.js). */
  extensionPath?: string;
  /** Install this packaged .vsix instead of linking a folder, as a user would. */
  vsix?: string;
  /** The browser window's size (default 1400×900). */
  viewport?: { width: number; height: number };
  /** User settings on top of the test defaults, e.g. `workbench.colorTheme`. */
  settings?: Record<string, unknown>;
  /** Run VS Code in this display language ('zh-cn': see installChineseLanguagePack). */
  locale?: 'zh-cn';
  /** More extension folders (each with its package.json) linked in beside LexReview, e.g. test/e2e/floorEditor. */
  linkAlso?: string[];
}

export class VSCode {
  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    readonly server: CodeServer,
    readonly workspace: string,
    private readonly tmp: string,
  ) {
    this.hover = page.locator('.monaco-workbench .workbench-hover');
  }

  static async launch(opts: LaunchOptions = {}): Promise<VSCode> {
    const { ensurePrerequisites, installChineseLanguagePack, installVsix, linkExtension, startCodeServer, writeUserSettings } = await codeServer;
    ensurePrerequisites(['chromium', 'cjkFont', 'rg']);
    const tmp = mkdtempSync(join(tmpdir(), 'lexreview-e2e-'));
    const workspace = join(tmp, 'workspace');
    cpSync(fixtureWorkspace, workspace, { recursive: true });
    for (const [rel, records] of Object.entries(opts.datasets ?? {})) {
      await generate(join(workspace, rel), records, 52, rel.endsWith('.jsonl') ? 'jsonl' : 'json');
    }
    const userDataDir = join(tmp, 'user-data');
    const extensionsDir = join(tmp, 'extensions');
    writeUserSettings(userDataDir, opts.settings);
    if (opts.vsix) installVsix(opts.vsix, extensionsDir, userDataDir);
    else linkExtension(extensionsDir, opts.extensionPath);
    for (const path of opts.linkAlso ?? []) linkExtension(extensionsDir, path);

    let server: CodeServer | undefined;
    let context: BrowserContext | undefined;
    try {
      if (opts.locale === 'zh-cn') installChineseLanguagePack(extensionsDir, userDataDir);
      server = await startCodeServer({ workspace, userDataDir, extensionsDir, quiet: true, locale: opts.locale });
      context = await chromium.launchPersistentContext(join(tmp, 'chromium'), {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: opts.viewport ?? { width: 1400, height: 900 },
        locale: 'en-US',
      });
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(TIMEOUT);
      // A tooltip that a still mouse left open over the next thing to click takes the click
      // (a folder row's full-path hover lies over the row below it): before any action, move the
      // mouse off and wait for the hover to go, wherever the last step left the mouse.
      const vs = new VSCode(page, context, server, workspace, tmp);
      await vs.dismissHoversBeforeActions();
      await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
      await vs.waitForWorkbench();
      return vs;
    } catch (e) {
      await context?.close();
      await server?.stop();
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
  }

  /** A workbench tooltip; one Locator object, which removeLocatorHandler matches. */
  private readonly hover: Locator;

  private dismissHoversBeforeActions(): Promise<void> {
    return this.page.addLocatorHandler(this.hover, async () => {
      await this.page.mouse.move(0, 0);
    });
  }

  /** Runs `fn` with hovers left alone, for a test that reads a tooltip. */
  async withHovers<T>(fn: () => Promise<T>): Promise<T> {
    await this.page.removeLocatorHandler(this.hover);
    try {
      return await fn();
    } finally {
      await this.dismissHoversBeforeActions();
    }
  }

  /** The workbench is usable once the activity bar and the explorer's file tree are rendered. */
  async waitForWorkbench(): Promise<void> {
    await this.page.locator('.monaco-workbench .activitybar').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  /** Opens the command palette (F1) and returns its input box, focused and empty but for ">". */
  async openCommandPalette(): Promise<Locator> {
    const input = this.quickInput();
    // Right after load the keybinding service may not be listening yet, so a key press can be
    // lost: press again until the palette shows (each try waits on the condition, not a clock).
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Escape'); // close whatever quick pick may be open
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        return input;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
  }

  /**
   * LexReview's view container in the side bar, and in it the pane titled `title` (in the UI's
   * language), expanded. The activity-bar entry toggles the side bar, so it is clicked only when
   * the container is not already the one shown: the test does not depend on what the side bar
   * showed before (a restored view, an earlier step).
   */
  async lexReviewPane(title: string): Promise<Locator> {
    const { page } = this;
    // Its aria-label is the container's title, plus a keybinding if any.
    const item = page.locator('.activitybar .action-item').filter({ has: page.locator('[aria-label^="LexReview"]') }).first();
    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: title }) });
    const header = pane.locator('.pane-header');
    for (let attempt = 1; ; attempt++) {
      if (!(await header.isVisible()) && !/\bchecked\b/.test((await item.getAttribute('class')) ?? '')) await item.click();
      try {
        await header.waitFor({ timeout: 10_000 });
        break;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    return pane;
  }

  /**
   * Runs a command by its palette title, e.g. "LexReview: Show Dataset Statistics"; resolves to the
   * time (Date.now()) just before it was accepted.
   */
  async runCommand(title: string): Promise<number> {
    // A quick pick that is still closing (the one a previous command showed) can take the fresh
    // palette down with it: when the typing finds the box gone, open the palette again.
    for (let attempt = 1; ; attempt++) {
      const input = await this.openCommandPalette();
      try {
        await input.fill(`>${title}`, { timeout: 5_000 });
        break;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
    return this.pickQuickInput(title);
  }

  /**
   * Opens a workspace file through Quick Open and waits until its editor tab is active.
   * VS Code will not show files over ~30 MB as text without a click on "Open Anyway": pass
   * `openAnyway` for those, and this also waits until the text is rendered.
   */
  async openFile(relPath: string, { openAnyway = false, timeout = TIMEOUT } = {}): Promise<void> {
    const name = relPath.split('/').pop()!;
    const input = await this.openCommandPalette();
    await input.fill(relPath);
    await this.pickQuickInput(name);
    await this.activeTab(name).waitFor();
    if (openAnyway) {
      const editor = this.page.locator('.editor-group-container.active');
      await editor.getByRole('button', { name: 'Open Anyway' }).click();
      await editor.locator('.monaco-editor .view-lines .view-line').first().waitFor({ timeout });
    }
  }

  /** The active editor tab for a file name. */
  activeTab(fileName: string): Locator {
    return this.page.locator(`.tabs-container .tab.active[data-resource-name="${fileName}"]`);
  }

  /** This VS Code's user-data dir (User/settings.json, global and workspace state) with its logs in logs/. */
  get userDataDir(): string {
    return join(this.tmp, 'user-data');
  }

  /**
   * Right-clicks `target` (a tree row) and runs the context-menu item titled `item`; resolves once
   * `shows` (what the command puts up: a tab, a dialog, a quick input) is visible. On a loaded
   * machine a click can land while the menu is still opening (ignored, the item stays hovered:
   * Enter takes it) or as it closes (the menu is gone: it is opened again).
   */
  async runFromContextMenu(target: Locator, item: string, shows: Locator): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const menu = await this.openContextMenu(target);
      await contextMenuItem(menu, item).click();
      if (await shows.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return;
      if (await menu.isVisible()) {
        await this.page.keyboard.press('Enter');
        if (await shows.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return;
      }
      if (attempt === 3) return shows.waitFor();
      await this.page.keyboard.press('Escape');
    }
  }

  /** Right-clicks `target` and returns its context menu, once shown. */
  async openContextMenu(target: Locator): Promise<Locator> {
    await target.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.waitFor({ state: 'visible' });
    return menu;
  }

  /** A toast notification containing `text` (resolved once visible). */
  async waitForNotification(text: string | RegExp, timeout = TIMEOUT): Promise<Locator> {
    const toast = this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
    await toast.waitFor({ state: 'visible', timeout });
    return toast;
  }

  /**
   * The frame (webview content) that contains `selector`. Webviews nest two iframes deep and
   * appear asynchronously, so this polls page.frames() until one has a match.
   */
  async frameWithSelector(selector: string, timeout = TIMEOUT): Promise<Frame> {
    const deadline = Date.now() + timeout;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (await frame.locator(selector).count().catch(() => 0)) return frame;
      }
      if (Date.now() > deadline) throw new Error(`no frame contains ${selector} after ${timeout} ms`);
      await this.page.waitForEvent('framenavigated', { timeout: 250 }).catch(() => undefined);
    }
  }

  /**
   * Shows an Output channel and returns its text. The output editor is a Monaco editor that
   * only renders visible lines, so this reads the last visible lines; keep assertions to them.
   */
  async outputChannelText(channel: string, expected: string | RegExp): Promise<string> {
    await this.runCommand('Output: Show Output Channels...');
    await this.pickQuickInput(channel);
    const lines = this.page.locator('.part.panel .output-view .view-lines');
    await lines.filter({ hasText: expected }).waitFor();
    return (await lines.innerText()).replace(/\u00a0/g, ' ');
  }

  /** Saves test-results/e2e/NAME.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    const path = join(resultsDir, `${name}.png`);
    mkdirSync(dirname(path), { recursive: true });
    await this.page.screenshot({ path });
    return path;
  }

  /**
   * Resident memory (MB) of this code-server's extension host, where LexReview runs; waits for
   * the process, which starts a moment after the workbench.
   */
  async extensionHostRssMB(): Promise<number> {
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      const rss = this.findExtensionHostRss();
      if (rss !== undefined) return rss;
      if (Date.now() > deadline) throw new Error('no extension host process found under code-server');
      await this.page.waitForTimeout(200);
    }
  }

  private findExtensionHostRss(): number | undefined {
    const parentOf = (pid: number) => Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    const descends = (pid: number) => {
      for (let p = pid; p > 1; p = parentOf(p)) if (p === this.server.process.pid) return true;
      return false;
    };
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry);
      if (!pid) continue;
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (!cmdline.includes('--type=extensionHost') || !descends(pid)) continue;
        const kb = Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
        return kb / 1024;
      } catch {
        // The process ended while we looked.
      }
    }
    return undefined;
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await this.server.stop();
    if (!process.env.E2E_KEEP) rmSync(this.tmp, { recursive: true, force: true });
  }

  /**
   * Answers an input box or a multi-select quick pick a command shows (showInputBox, canPickMany):
   * waits until the widget with `title` is up, replaces its text when `value` is given, accepts
   * with Enter and waits until that widget has closed.
   */
  async answerQuickInput(title: string | RegExp, value?: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget').filter({ has: this.page.locator('.quick-input-title', { hasText: title }) });
    await widget.waitFor({ state: 'visible' });
    const input = widget.locator('.quick-input-box input');
    if (value !== undefined) await input.fill(value);
    // An Enter that arrives while the box is still being set up is dropped (a fresh run saw the key
    // typed and the box left open): press it again while the box is there.
    for (let attempt = 1; ; attempt++) {
      await input.press('Enter');
      const closed = await widget.waitFor({ state: 'hidden', timeout: attempt < 3 ? 5_000 : undefined }).then(() => true, () => false);
      if (closed) return;
      if (attempt === 3) throw new Error(`the input box ${String(title)} did not close on Enter`);
    }
  }

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /**
   * Waits for a quick-input row whose label contains `label`, then accepts it. The list reuses its
   * row elements while it filters, so a click aimed at one row can land on another command ("File:
   * Save" for "File: Save As..."): the row is accepted with Enter once it is the focused one, and
   * clicked only when the list does not focus it (then the list has stopped filtering).
   */
  /** Picks the row showing `label`; resolves to the time (Date.now()) just before it was accepted. */
  async pickQuickInput(label: string): Promise<number> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const row = rows.filter({ hasText: label }).first();
    await row.waitFor({ state: 'visible' });
    const focused = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused').filter({ hasText: label });
    const enter = await focused.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
    const accepted = Date.now();
    if (enter) await this.quickInput().press('Enter');
    else await row.click();
    // Accepted once the row is gone: the picker closed, or a command replaced it with its own.
    await row.waitFor({ state: 'hidden' });
    return accepted;
  }
}

/** The item titled exactly `title` in a context menu. */
export function contextMenuItem(menu: Locator, title: string): Locator {
  return menu.locator('.action-item').filter({ has: menu.page().locator('.action-label', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
}

/**
 * Runs `fn` against a fresh VS Code and always cleans up; on failure it saves
 * test-results/e2e/NAME-failure.png and adds code-server's last output to the error.
 */
export async function withVSCode(name: string, opts: LaunchOptions, fn: (vs: VSCode) => Promise<void>): Promise<void> {
  const vs = await VSCode.launch(opts);
  try {
    await fn(vs);
  } catch (e) {
    await vs.screenshot(`${name}-failure`).catch(() => undefined);
    if (e instanceof Error) e.message += `\n--- code-server output (tail) ---\n${vs.server.output().slice(-1500)}`;
    throw e;
  } finally {
    await vs.close();
  }
}

/**
 * Adds a measured figure to test-results/e2e/timings.json (first paint, memory), the part of the
 * performance targets only a real VS Code can measure; `npm run bench` points to it.
 */
export function recordTiming(name: string, value: number): void {
  const file = join(resultsDir, 'timings.json');
  mkdirSync(resultsDir, { recursive: true });
  const all = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>) : {};
  all[name] = value;
  writeFileSync(file, JSON.stringify(all, null, 2) + '\n');
}
