// The dataset editor as the e2e tests drive it: opening a file with it, finding its webview,
// its detail pane's fields. Shared by the tests of the 52k set and of large files.
import type { Frame, Locator } from 'playwright-core';
import type { VSCode } from './harness';

/** Waits until `condition` holds, polling the UI (for values no selector can wait on, like a textarea's). */
export async function until(what: string, condition: () => Promise<boolean>, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Explorer → right-click the file → "Open With..." → the editor named `editor`. */
export async function openWith(vs: VSCode, folder: string, file: string, editor: string): Promise<number> {
  const { page } = vs;
  const explorer = page.locator('.explorer-folders-view');
  const row = (name: string) => explorer.locator('.monaco-list-row').filter({ hasText: new RegExp(`^\\s*${name.replace(/\./g, '\\.')}\\s*$`) });
  if (!(await row(file).count())) await row(folder).click();
  const menuItem = page.locator('.monaco-menu .action-item').filter({ hasText: 'Open With...' }).first();
  const pick = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: editor }).first();
  // On a loaded machine a click can land while the context menu is still opening (ignored, the
  // item stays hovered: Enter takes it) or as it closes (the menu is gone: open it again). Enter
  // is pressed only while the menu is still up, never on the explorer row, which would open the
  // file in the text editor instead.
  for (let attempt = 1; ; attempt++) {
    await row(file).click({ button: 'right' });
    await menuItem.click();
    if (await pick.waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
    if (await menuItem.isVisible()) {
      await page.keyboard.press('Enter');
      if (await pick.waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
    }
    if (attempt === 3) await pick.waitFor();
    await page.keyboard.press('Escape');
  }
  const t0 = Date.now();
  await pick.click();
  return t0;
}

/**
 * The webview frame of the active dataset editor. Editors behind other tabs keep their webview
 * (retainContextWhenHidden), hidden: the active one is the frame whose iframes are visible.
 */
export async function editorFrame(vs: VSCode, fileName: string): Promise<Frame> {
  await vs.activeTab(fileName).waitFor();
  const visible = async (frame: Frame | null): Promise<boolean> => {
    for (let f = frame; f && f.parentFrame(); f = f.parentFrame()) {
      if (!(await (await f.frameElement()).isVisible())) return false;
    }
    return true;
  };
  let found: Frame | undefined;
  await until(`the dataset editor of ${fileName}`, async () => {
    for (const frame of vs.page.frames()) {
      if ((await frame.locator('dataset-editor de-toolbar').count().catch(() => 0)) && (await visible(frame).catch(() => false))) found = frame;
    }
    return found !== undefined;
  }, 60_000);
  return found!;
}

/** The detail pane's field editor labelled `label`. */
export function field(frame: Frame, label: string): Locator {
  return frame.locator('de-field-editor').filter({ has: frame.locator(`label .label:text-is("${label}")`) });
}
