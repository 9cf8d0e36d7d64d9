// LexReview in Chinese, seen: VS Code run in zh-cn (a minimal language pack, see
// installChineseLanguagePack), the Datasets view, the dataset editor, the review panel and the
// report view show their zh-cn texts —
// the manifest's (package.nls.zh-cn.json) and the extension's own (l10n/bundle.l10n.zh-cn.json).
import { test } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureDemoReviewStore } from '../../scripts/demo-review';
import { ReviewStore } from '../../extension/store/reviewStore';
// @ts-expect-error: a plain .mjs script without types
import { sampleAnswers } from '../../scripts/demo-workspace.mjs';
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

    // The review panel and the report view, on the demo's judged set.
    const answers = join(vs.workspace, 'answers', 'answers_sample.jsonl');
    mkdirSync(dirname(answers), { recursive: true });
    writeFileSync(answers, sampleAnswers().map((r: object) => JSON.stringify(r)).join('\n') + '\n');
    const db = await ensureDemoReviewStore(vs.workspace);
    // Written by another process (as `lexreview import` in a terminal would): the view follows the file.
    const evaluation = await vs.lexReviewPane('评测');
    await evaluation.locator('.monaco-list-row .label-name').filter({ hasText: /^answers_sample$/ }).waitFor();
    await vs.runCommand('LexReview: 打开人工评审');
    await vs.pickQuickInput('answers_sample');
    const panel = await vs.frameWithSelector('review-panel section.item', 60_000);
    await panel.locator('review-panel [data-progress]').filter({ hasText: '已评审 0 / 32' }).waitFor();
    await panel.getByRole('group', { name: '你给候选回答的评分' }).waitFor();
    await vs.screenshot('chinese-review-panel');
    await vs.runCommand('LexReview: 显示报告');
    await vs.pickQuickInput('answers_sample');
    const report = await vs.frameWithSelector('report-view table#figures', 60_000);
    await report.locator('report-view h2').filter({ hasText: '各模型得分' }).first().waitFor();
    await report.locator('report-view p.judge').filter({ hasText: 'demo-judge (offline rules)' }).waitFor();
    await vs.screenshot('chinese-report-view');

    // A review another process commits while the store is open in VS Code: the view follows.
    const other = ReviewStore.open(db, { actor: 'e2e' });
    try {
      other.saveReview({ set: 'answers_sample', questionKey: 'q01', model: 'law_batch128_epoch3_vicuna', reviewer: '王律师', score: 9 });
    } finally {
      other.close();
    }
    await evaluation.locator('.monaco-list-row .label-description').filter({ hasText: '已评审 1 / 48' }).waitFor();

  }),
);
