// The Get Started walkthrough as the manifest declares it: every step has a title, a description
// with a button, and a markdown page in English and Chinese that exists; its buttons and its
// completion events name commands the manifest contributes or context keys the extension sets;
// the demo workspace script leaves the marker the extension activates on.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { DEMO_ANSWERS, DEMO_DATASET, DEMO_MARKER, reviewedAnswers, WALKTHROUGH_ID } from '../../extension/features/walkthrough/walkthroughSteps';

const root = join(__dirname, '..', '..');
const json = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8'));
const manifest = json('package.json');
const nls: Record<string, Record<string, string>> = { en: json('package.nls.json'), 'zh-cn': json('package.nls.zh-cn.json') };
const key = (s: string) => /^%(.+)%$/.exec(s)?.[1];

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown: string };
  completionEvents: string[];
}

const walkthrough = (manifest.contributes.walkthroughs as Array<{ id: string; title: string; steps: Step[] }>).find((w) => w.id === WALKTHROUGH_ID)!;
const commands = new Set((manifest.contributes.commands as Array<{ command: string }>).map((c) => c.command));

test('the walkthrough takes a newcomer from the dataset to the report, in six steps', () => {
  assert.ok(walkthrough, `contributes.walkthroughs has ${WALKTHROUGH_ID}`);
  assert.deepEqual(walkthrough.steps.map((s) => s.id), ['openDataset', 'importAnswers', 'judgeKey', 'judge', 'review', 'report']);
});

test('every step is localised, its markdown page exists in each language, and its button runs a contributed command', () => {
  for (const step of walkthrough.steps) {
    for (const [lang, strings] of Object.entries(nls)) {
      for (const field of [step.title, step.description, step.media.markdown]) assert.ok(strings[key(field)!], `${lang}: ${field}`);
      const page = strings[key(step.media.markdown)!];
      assert.ok(existsSync(join(root, page)), `${lang}: ${page} exists`);
      // The Chinese page is a translation, not a copy of the English one.
      if (lang === 'zh-cn') assert.match(readFileSync(join(root, page), 'utf8'), /[\u4e00-\u9fff]/, page);
      const buttons = [...strings[key(step.description)!].matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]);
      assert.ok(buttons.length > 0, `${lang}: ${step.id} has a button`);
      for (const b of buttons) assert.ok(commands.has(b), `${lang}: ${step.id}'s button runs ${b}, a contributed command`);
    }
    assert.notEqual(nls.en[key(step.media.markdown)!], nls['zh-cn'][key(step.media.markdown)!], `${step.id}: a Chinese page of its own`);
  }
});

test('completion events name contributed commands or context keys the extension sets', () => {
  const source = readFileSync(join(root, 'extension/features/walkthrough/registration.ts'), 'utf8');
  for (const step of walkthrough.steps) {
    assert.ok(step.completionEvents.length > 0, step.id);
    for (const event of step.completionEvents) {
      const [kind, name] = event.split(/:(.*)/s);
      if (kind === 'onCommand') assert.ok(commands.has(name), `${step.id}: ${name} is contributed`);
      else if (kind === 'onContext') assert.ok(source.includes(`'${name}'`), `${step.id}: registration.ts sets ${name}`);
      else assert.fail(`${step.id}: unexpected completion event ${event}`);
    }
  }
});

test('the demo workspace script leaves the marker LexReview activates on, beside the files the steps open', () => {
  assert.ok((manifest.activationEvents as string[]).includes(`workspaceContains:${DEMO_MARKER}`));
  const script = readFileSync(join(root, 'scripts/demo-workspace.mjs'), 'utf8');
  const [dir, file] = DEMO_MARKER.split('/');
  assert.ok(script.includes(`join(dir, '${dir}', '${file}')`), 'demo-workspace.mjs writes the marker');
  for (const rel of [DEMO_DATASET, DEMO_ANSWERS]) {
    const [d, f] = rel.split('/');
    assert.ok(script.includes(`join(dir, '${d}', '${f}')`), `demo-workspace.mjs writes ${rel}`);
  }
});

test('the welcome view links to the walkthrough in both languages', () => {
  for (const strings of Object.values(nls)) assert.match(strings['view.about.welcome'], /\(command:lexreview\.getStarted\)/);
});

test('reviewedAnswers counts reviewed answers over every set', () => {
  assert.equal(reviewedAnswers([]), 0);
  assert.equal(reviewedAnswers([{ reviewed: 3 }, { reviewed: 2 }]), 5);
});
