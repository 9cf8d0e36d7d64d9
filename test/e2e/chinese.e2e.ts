// LexReview in Chinese, seen: VS Code run in zh-cn (a minimal language pack, see
// installChineseLanguagePack), the Datasets view and the dataset editor show their zh-cn texts —
// the manifest's (package.nls.zh-cn.json) and the extension's own (l10n/bundle.l10n.zh-cn.json).
import { test } from 'node:test';
import { withVSCode } from './harness';
import { editorFrame } from './datasetEditorPage';

test('in a Chinese VS Code, the Datasets view and the dataset editor speak Chinese', { timeout: 300_000 }, () =>
  withVSCode('chinese', { locale: 'zh-cn', datasets: { 'data/law_200.json': 200 } }, async (vs) => {
    const { page } = vs;
    // The pack's own string: VS Code itself runs in zh-cn.
    await page.locator('.part.sidebar .title-label').filter({ hasText: '资源管理器' }).waitFor();

    const pane = await vs.lexReviewPane('数据集');
    await pane.locator('.monaco-list-row .label-description').filter({ hasText: /^200 · original$/ }).waitFor();
    await vs.screenshot('chinese-datasets-view');

    await vs.openFile('data/law_200.json');
    await vs.runCommand('LexReview: 打开数据集');
    const frame = await editorFrame(vs, 'law_200.json');
    await frame.locator('de-toolbar .count').filter({ hasText: '200 条记录' }).waitFor();
    await frame.locator('de-detail-pane vscode-tab-header').filter({ hasText: '模板预览' }).waitFor();
    await frame.locator('de-detail-pane vscode-button').filter({ hasText: '添加记录' }).waitFor();
    await vs.screenshot('chinese-dataset-editor');
  }),
);
