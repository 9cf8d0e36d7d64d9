// Compare Answers in a real VS Code: import the demo answers with the real command, compare the
// default pair (the demo's two law runs differ in epoch and penalty: still the closest pair, the
// picker says what else differs), pick the most changed question, see VS Code's own diff editor
// with each model's answer on its side, step to the next question from the editor's title and
// back from the palette.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withVSCode } from './harness';
import { compareModels } from '../../extension/core/diff/comparison';
import { ReviewStore } from '../../extension/store/reviewStore';
// @ts-expect-error: a plain .mjs script without types
import { sampleAnswers } from '../../scripts/demo-workspace.mjs';

const E3 = 'law_batch128_epoch3_vicuna';
const E6 = 'law_batch128_epoch6_penalty1.2_vicuna';

test('compare: the epoch pair in the native diff editor, question by question', { timeout: 300_000 }, async () => {
  await withVSCode('compare', {}, async (vs) => {
    mkdirSync(join(vs.workspace, 'answers'), { recursive: true });
    writeFileSync(join(vs.workspace, 'answers', 'answers_sample.jsonl'), (sampleAnswers() as object[]).map((r) => JSON.stringify(r)).join('\n') + '\n');
    await vs.openFile('answers/answers_sample.jsonl');
    await vs.runCommand('LexReview: Import Answers…');
    await vs.answerQuickInput(/into which evaluation set/);
    await vs.waitForNotification(/Imported 48 answer\(s\) into "answers_sample"/);

    // What the comparison should show, from the same store file the extension wrote.
    const store = ReviewStore.open(join(vs.workspace, '.lexreview', 'review.db'), { readonly: true });
    const expected = compareModels(store.snapshot('answers_sample'), E3, E6);
    store.close();
    const text = (key: string, side: 'answerA' | 'answerB') => expected.questions.find((q) => q.question.key === key)![side]!;
    const [first, second] = expected.mostChanged;

    await vs.runCommand('LexReview: Compare Answers…');
    await vs.pickQuickInput('answers_sample');
    const pairRow = vs.page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: `${E3} ↔ ${E6}` });
    await pairRow.filter({ hasText: 'differ in epoch and penalty' }).waitFor();
    await vs.pickQuickInput(`${E3} ↔ ${E6}`);

    // The questions, most changed first, each with its share changed.
    const rows = vs.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await vs.page.locator('.quick-input-widget .quick-input-title', { hasText: 'questions, most changed first' }).waitFor();
    const share = Math.round(expected.questions.find((q) => q.question.key === first)!.stats.shareChanged * 100);
    await rows.first().filter({ hasText: first }).filter({ hasText: `${share} % changed` }).waitFor();
    await vs.screenshot('compare-questions');
    await vs.pickQuickInput(first);

    const diff = vs.page.locator('.editor-group-container.active .monaco-diff-editor');
    const side = (which: 'original' | 'modified') => diff.locator(`.editor.${which} .view-lines`);
    // Each line is its own element and Monaco renders spaces as no-break spaces: the first words of
    // the first line are enough to tell the answers apart.
    const start = (s: string) => s.split('\n')[0].split(' ')[0].slice(0, 12);
    const shows = async (key: string) => {
      await side('original').filter({ hasText: start(text(key, 'answerA')) }).waitFor();
      await side('modified').filter({ hasText: start(text(key, 'answerB')) }).waitFor();
      await side('original').filter({ hasText: `# ${key} ` }).waitFor(); // the question as the header
      await vs.page.locator('.tabs-container .tab.active').filter({ hasText: new RegExp(`^${key} \\(`) }).waitFor();
    };
    await shows(first);
    assert.notEqual(start(text(first, 'answerA')), start(text(first, 'answerB')));
    // VS Code marks what changed: some inserted or removed text on either side.
    await diff.locator('.char-insert, .char-delete, .line-insert, .line-delete').first().waitFor();
    await vs.screenshot('compare-diff');

    // Next Question from the diff editor's title, Previous from the palette.
    await vs.page.locator('.editor-group-container.active .editor-actions [aria-label^="Next Question"]').click();
    await shows(second);
    await vs.screenshot('compare-next');
    await vs.runCommand('LexReview: Previous Question');
    await shows(first);
  });
});
