// Remote training from the UI in a real VS Code, against a real sshd on loopback (the integration
// harness test/integration/sshd.ts) with the GPU replaced by the fake trainer on the host's PATH;
// the workspace settings point LexReview at the test ssh config and a runs folder.
// 1. Launch, watch, cancel, reload (at a slow pace): "LexReview: Launch Training Run…" is answered
//    step by step (the trainable share shown in the confirmation), the run appears running in the
//    Training Runs view, its panel's loss curve grows poll by poll, Cancel in the panel (confirmed
//    in VS Code's dialog) stops it, and panel and tree both say cancelled. A second host whose key
//    is not known shows ssh's refusal as its row. After a window reload the run panel comes back
//    by itself with the run's name and whole curve, the run is found again in the tree (no Cancel
//    in its menu), a click on it shows that same panel, and the raw log is in the run's output
//    channel.
// 2. Generate Answers… (from the palette) on a finished LoRA run: checkpoint, set and penalty
//    picked, the job's answers imported into the review store under the epoch's model name, the
//    job listed finished under its run; a second, slow one cancelled from its progress
//    notification ends cancelled on the host (its process group gone) with nothing imported.
// 3. Merge Adapter… (from the palette) on a finished LoRA run: the checkpoint picked, the job
//    listed finished beside its run, and its merged/ folder written on the host.
// 4. A restored panel whose run was deleted on the host meanwhile closes after the reload, with no
//    error; a launch on the host whose key is not known says what to do, and its Show Details
//    opens the LexReview output channel with ssh's own words.
// 5. Launch on Slurm (a real single-node Slurm of the test's own): the GPUs, nodes, partition and
//    time limit asked after "Submit to Slurm" and named in the confirmation, job.sbatch written
//    with them, the run followed through the scheduler to finished in its panel and the tree.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { withVSCode, type VSCode } from './harness';
import { startSshd, type Sshd } from '../integration/sshd';
import { slurmOnPath, startSlurm } from '../integration/slurm';
import { withDefaults } from '../../extension/core/training/runSpec';
import { findRun } from '../../extension/remote/runControl';
import { launchRun } from '../../extension/remote/runLaunch';
import { SshShell } from '../../extension/remote/ssh';
import { ReviewStore } from '../../extension/store/reviewStore';
import { readAnswerFile } from '../../extension/core/review/answerImport';

const NAME = 'law_batch128_epoch2_alpaca';
let sshd: Sshd;
let root: string;
let model: string;
/** The test host, and a second one whose host key is not known (refused, never accepted silently). */
let sshConfig: string;
const UNKNOWN_KEY = 'lexreview-newkey';

before(async () => {
  sshd = await startSshd();
  copyFileSync(join(__dirname, '..', 'integration', 'fakeTrainer', 'llamafactory-cli'), join(sshd.binDir, 'llamafactory-cli'));
  // Slow enough to watch the curve grow over several polls and cancel it mid-run (400 × 0.25 s).
  writeFileSync(join(sshd.binDir, 'fake-trainer.json'), JSON.stringify({ steps: 400, step_seconds: 0.25 }));
  root = join(sshd.dir, 'runs');
  model = join(sshd.dir, 'models', 'chinese-llama-7b');
  mkdirSync(model, { recursive: true });
  sshConfig = join(sshd.dir, 'ssh_config_ui');
  // Another name for the server (localhost): with the same address, ssh's ControlPath (%C: host,
  // port, user) would let this alias ride the test host's verified master connection.
  const unknown = readFileSync(sshd.clientConfig({ knownHosts: 'empty', alias: UNKNOWN_KEY }), 'utf8').replace('HostName 127.0.0.1', 'HostName localhost');
  writeFileSync(sshConfig, readFileSync(sshd.configFile, 'utf8') + '\n' + unknown);
  writeFileSync(join(model, 'config.json'), JSON.stringify({ hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 32, vocab_size: 32000, tie_word_embeddings: false }));
});

after(async () => {
  // A run a failed test left going: its process group, from the pid file on "the host".
  for (const name of existsSync(root) ? readdirSync(root) : []) {
    const pid = join(root, name, 'pid');
    if (!existsSync(pid)) continue;
    try {
      process.kill(-Number(readFileSync(pid, 'utf8')), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await sshd?.stop();
});

/**
 * The Training Runs pane of the LexReview container, expanded. The activity-bar item toggles: a click
 * on it while its container shows closes the sidebar (after a reload VS Code restores the container
 * by itself, at a moment of its own), so it is clicked only while the item is not the checked one,
 * and again if the pane did not come.
 */
const trainingRunsPane = (vs: VSCode) => vs.lexReviewPane('Training Runs');

/** Points the panel's model holds, as the chart element reports them. */
async function points(frame: Frame): Promise<number> {
  return Number((await frame.locator('rp-loss-chart').getAttribute('data-points')) ?? 0);
}

async function until(what: string, check: () => Promise<boolean>, timeout = 60_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** "Launch Training Run…" answered up to the backend: `host` (default: the test host), law.json, LoRA of `rank` on the test model, 2 epochs, the defaults. */
async function answerLaunchSteps(vs: VSCode, rank: number, host = sshd.hostAlias): Promise<void> {
  await vs.runCommand('LexReview: Launch Training Run…');
  await vs.pickQuickInput(host);
  await vs.pickQuickInput('law.json');
  await vs.pickQuickInput('LoRA');
  await vs.answerQuickInput(/\(4\/10\): Base model/, model);
  await vs.answerQuickInput(/\(5\/10\): Epochs/, '2');
  await vs.answerQuickInput(/\(6\/10\): Global batch size/);
  await vs.answerQuickInput(/\(7\/10\): LoRA rank/, String(rank));
  await vs.answerQuickInput(/\(8\/10\): Template/);
  await vs.answerQuickInput(/\(9\/10\): Run name/);
}

test('Training Runs: launch from the UI, watch the loss curve grow, cancel from the panel', { timeout: 300_000 }, () =>
  withVSCode('training-runs', {}, async (vs) => {
    const { page } = vs;
    writeFileSync(join(vs.workspace, 'law.json'), JSON.stringify(Array.from({ length: 8 }, (_, i) => ({ instruction: `合同纠纷问题 ${i}？`, input: '', output: `建议先协商，协商不成可以起诉。${i}` }))));
    mkdirSync(join(vs.workspace, '.vscode'), { recursive: true });
    writeFileSync(join(vs.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'lexreview.ssh.configFile': sshConfig, 'lexreview.training.root': root, 'lexreview.training.pollSeconds': 1 }, null, 2));

    const pane = await trainingRunsPane(vs);
    const rows = pane.locator('.monaco-list-row');
    const hostRow = rows.filter({ has: page.locator('.label-name', { hasText: sshd.hostAlias }) });
    // The settings are read: the test host is listed, with no run yet.
    await hostRow.locator('.label-description').filter({ hasText: 'no runs' }).waitFor();
    await rows.filter({ hasText: 'No runs in' }).waitFor();
    assert.equal(await rows.filter({ hasText: 'No runs in' }).count(), 1);
    // A host ssh refuses shows why as its row, not as a pop-up.
    const refused = rows.filter({ has: page.locator('.label-name', { hasText: UNKNOWN_KEY }) });
    await refused.locator('.label-description').filter({ hasText: 'cannot be reached' }).waitFor();
    await rows.filter({ hasText: `The host key of ${UNKNOWN_KEY} is not known` }).locator('.codicon-error').waitFor();
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0);
    await vs.screenshot('training-runs-tree');

    await answerLaunchSteps(vs, 256);
    await vs.pickQuickInput('Start over SSH');

    // The confirmation says what will train, with the share read from config.json on the host.
    const dialog = page.locator('.monaco-dialog-box').filter({ hasText: `Launch ${NAME} on ${sshd.hostAlias}?` });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /LoRA rank 256 on all linear layers: 8\.\d % of 6\.7\d B parameters trainable\./);
    await vs.screenshot('training-runs-confirm');
    await dialog.locator('.monaco-button').filter({ hasText: /^Launch$/ }).click();
    await dialog.waitFor({ state: 'detached' });

    // The run panel opens on its own and follows the run.
    const frame = await vs.frameWithSelector('run-panel #state[data-state="running"]', 60_000);
    await frame.locator('h1').filter({ hasText: `Training run: ${NAME}` }).waitFor();
    assert.ok(existsSync(join(root, NAME, 'pid')), 'the run folder is on the host');

    // The tree shows it running, found on the host.
    const runRow = rows.filter({ has: page.locator('.label-name', { hasText: NAME }) });
    await runRow.locator('.label-description').filter({ hasText: /^running · lora · llamafactory/ }).waitFor();

    // The curve grows poll by poll (each poll brings only the new lines).
    await until('the first points', async () => (await points(frame)) >= 3);
    const first = await points(frame);
    await until('more points', async () => (await points(frame)) >= first + 4);
    await frame.locator('rp-loss-chart canvas[data-points]').waitFor();
    assert.match(await frame.locator('#progress-text').innerText(), /Step \d+ of 400 · \d+ % · ETA \d/);
    await runRow.locator('.label-description').filter({ hasText: /\d+ % · ETA/ }).waitFor();
    const painted = await frame.locator('rp-loss-chart canvas').evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    });
    assert.ok(painted > 2000, `the curve is drawn: ${painted} pixels`);
    await vs.screenshot('training-runs-panel');

    // Cancel from the panel, confirmed in VS Code's dialog.
    await frame.locator('button#cancel').click();
    const confirm = page.locator('.monaco-dialog-box').filter({ hasText: `Cancel the run ${NAME} on ${sshd.hostAlias}?` });
    await confirm.waitFor();
    await confirm.locator('.monaco-button').filter({ hasText: /^Cancel Run$/ }).click();
    await frame.locator('#state[data-state="cancelled"]').waitFor();
    assert.equal(await frame.locator('button#cancel').isDisabled(), true, 'nothing to cancel any more');
    await runRow.locator('.label-description').filter({ hasText: /^cancelled · lora · llamafactory$/ }).waitFor();
    assert.ok(existsSync(join(root, NAME, 'cancelled')));
    const stopped = await points(frame);
    assert.ok(stopped >= first + 4 && stopped < 400, `${stopped} points when cancelled`);
    await frame.locator('button#cancel').filter({ hasText: /^Cancel Run$/ }).waitFor();
    await vs.screenshot('training-runs-cancelled');

    // After a window reload the panel comes back by itself on its run (the state its webview kept),
    // with the whole curve read again from the host, before the view is touched.
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await vs.runCommand('Developer: Reload Window');
    await reloaded;
    // The sidebar comes back on the LexReview container (not the explorer waitForWorkbench looks for).
    await page.locator('.monaco-workbench .activitybar').waitFor({ timeout: 60_000 });
    const restored = await vs.frameWithSelector('run-panel #state[data-state="cancelled"]', 60_000);
    await restored.locator('h1').filter({ hasText: `Training run: ${NAME}` }).waitFor();
    await until('the whole curve after the reload', async () => (await points(restored)) === stopped);
    await restored.locator('rp-loss-chart canvas[data-points]').waitFor();
    await vs.screenshot('training-runs-restored');

    // The run is found again on the host; its menu offers no Cancel any more, and a click on it
    // shows the restored panel (no second one).
    const again = await trainingRunsPane(vs);
    const found = again.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: NAME }) });
    await found.locator('.label-description').filter({ hasText: /^cancelled · lora · llamafactory$/ }).waitFor();
    await found.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.locator('.action-item', { hasText: 'Copy Run Name' }).waitFor();
    assert.equal(await menu.locator('.action-item', { hasText: 'Cancel Run' }).count(), 0, 'an ended run cannot be cancelled');
    await menu.locator('.action-item', { hasText: 'Show Run' }).waitFor();
    await vs.screenshot('training-runs-context-menu');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    // A click on the row is Show Run (its command): the restored panel is the run's panel.
    await found.click();
    const tab = page.locator('.tabs-container .tab').filter({ hasText: `Run: ${NAME}` });
    await page.locator('.tabs-container .tab.active').filter({ hasText: `Run: ${NAME}` }).waitFor();
    assert.equal(await tab.count(), 1, 'one panel per run');
    const reopened = await vs.frameWithSelector('run-panel #state[data-state="cancelled"]');
    await until('the whole curve', async () => (await points(reopened)) === stopped);

    // The raw log in the run's own output channel.
    const log = await vs.outputChannelText(`LexReview: ${NAME}`, /'loss'/);
    assert.match(log, /\{'loss': [\d.]+, 'grad_norm'/);
  }));

/** A finished LoRA run NAME of 2 epochs (4 steps, a checkpoint per epoch: checkpoint-2, checkpoint-4) in `runsRoot` on the test host, trained on `data`. */
async function seedFinishedRun(runsRoot: string, data: string): Promise<void> {
  writeFileSync(join(sshd.binDir, 'fake-trainer.json'), JSON.stringify({ steps: 4, step_seconds: 0.02 }));
  writeFileSync(data, JSON.stringify([{ instruction: '合同纠纷怎么办？', input: '', output: '协商。' }]));
  const shell = new SshShell(sshd.hostAlias, { configFile: sshd.configFile });
  try {
    await launchRun(shell, withDefaults({ name: NAME, host: sshd.hostAlias, dataset: { path: data }, model, method: 'lora', epochs: 2 }), { root: runsRoot });
    await until('the seeded run to finish', async () => (await findRun(shell, runsRoot, NAME)).state.state === 'finished');
  } finally {
    await shell.close();
  }
}

/** The workspace's settings: the test ssh config, `runsRoot` as the runs folder, a poll a second. */
function useRunsRoot(vs: VSCode, runsRoot: string): void {
  mkdirSync(join(vs.workspace, '.vscode'), { recursive: true });
  writeFileSync(join(vs.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'lexreview.ssh.configFile': sshConfig, 'lexreview.training.root': runsRoot, 'lexreview.training.pollSeconds': 1 }, null, 2));
}

/** A finished run seeded in a runs folder of its own (`folder` on the test host), the workspace set to it, and the run's row once the view lists it. */
async function showSeededRun(vs: VSCode, folder: string): Promise<{ runsRoot: string; rows: Locator; row: Locator }> {
  const runsRoot = join(sshd.dir, folder);
  await seedFinishedRun(runsRoot, join(vs.workspace, 'law.json'));
  useRunsRoot(vs, runsRoot);
  const rows = (await trainingRunsPane(vs)).locator('.monaco-list-row');
  const row = rows.filter({ has: vs.page.locator('.label-name', { hasText: NAME }) });
  await row.locator('.label-description').filter({ hasText: /^finished · lora/ }).waitFor();
  return { runsRoot, rows, row };
}

test('Training Runs: Generate Answers… on a finished run imports its checkpoint\'s answers under the epoch\'s name', { timeout: 300_000 }, () =>
  withVSCode('training-jobs', {}, async (vs) => {
    const { page } = vs;
    // A finished run of its own (2 epochs, a checkpoint each) in a root of its own, and an evaluation set in the workspace's store.
    const jobsRoot = join(sshd.dir, 'runs-jobs');
    await seedFinishedRun(jobsRoot, join(vs.workspace, 'law.json'));
    const db = join(vs.workspace, '.lexreview', 'review.db');
    mkdirSync(join(vs.workspace, '.lexreview'), { recursive: true });
    const baseline = join(vs.workspace, 'baseline.jsonl');
    writeFileSync(baseline, ['合同违约怎么办？', '<b>劳动仲裁</b>的时效是多久？'].map((question) => JSON.stringify({ question, model: 'chatglm', answer: '请咨询律师。' })).join('\n') + '\n');
    const seed = ReviewStore.open(db, { actor: 'e2e' });
    seed.importAnswers((await readAnswerFile(baseline)).rows, { set: 'law16' });
    seed.close();
    useRunsRoot(vs, jobsRoot);

    const pane = await trainingRunsPane(vs);
    const runRow = pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: NAME }) });
    await runRow.locator('.label-description').filter({ hasText: /^finished · lora/ }).waitFor();
    await runRow.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    // The run's menu offers both jobs; the command runs from the palette on the run picked there.
    await menu.locator('.action-item', { hasText: 'Generate Answers…' }).waitFor();
    await menu.locator('.action-item', { hasText: 'Merge Adapter…' }).waitFor();
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    await vs.runCommand('LexReview: Generate Answers…');
    await vs.pickQuickInput(NAME);
    // The checkpoints with their epochs, the latest first.
    await vs.pickQuickInput('checkpoint-2');
    await vs.pickQuickInput('law16');
    await vs.answerQuickInput('Repetition penalty', '1.2');
    const generated = 'law_batch128_epoch1_penalty1.2_alpaca';
    await vs.waitForNotification(`Imported 2 answer(s) of ${generated} into "law16".`, 120_000);
    await vs.screenshot('training-jobs-imported');

    const store = ReviewStore.open(db, { readonly: true });
    try {
      const snap = store.snapshot('law16');
      assert.deepEqual(snap.models.map((m) => m.name).sort(), ['chatglm', generated]);
      assert.ok(snap.answers.filter((a) => a.model === generated).every((a) => a.text.startsWith('checkpoint-2: ')));
    } finally {
      store.close();
    }
    assert.ok(existsSync(join(vs.workspace, '.lexreview', 'predictions', `${NAME}~generate-checkpoint-2-penalty-1.2`, 'generated_predictions.jsonl')));
    // The job is listed under its run (named by what follows the run's name), finished.
    const jobRow = pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: 'generate-checkpoint-2-penalty-1.2' }) });
    await jobRow.locator('.label-description').filter({ hasText: /^finished · generate answers · checkpoint-2/ }).waitFor();
    assert.equal(Number(await jobRow.getAttribute('aria-level')), Number(await runRow.getAttribute('aria-level')) + 1, 'the job is a child of its run');
    await vs.screenshot('training-jobs-nested');

    // Cancel on the progress notification stops the job on the host, not only the wait: a slow
    // generate (a minute an answer) is cancelled mid-way, and nothing of it is imported.
    writeFileSync(join(sshd.binDir, 'fake-trainer.json'), JSON.stringify({ steps: 4, step_seconds: 60 }));
    await vs.runCommand('LexReview: Generate Answers…');
    await vs.pickQuickInput(NAME);
    await vs.pickQuickInput('checkpoint-4');
    await vs.pickQuickInput('law16');
    await vs.answerQuickInput('Repetition penalty', '1');
    const slow = `${NAME}~generate-checkpoint-4-penalty-1`;
    const slowRow = pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: 'generate-checkpoint-4-penalty-1' }) });
    await slowRow.locator('.label-description').filter({ hasText: /^running/ }).waitFor({ timeout: 60_000 });
    const progress = await vs.waitForNotification('Generating answers to "law16"');
    await progress.locator('.monaco-button').filter({ hasText: /^Cancel$/ }).click();
    await slowRow.locator('.label-description').filter({ hasText: /^cancelled · generate answers · checkpoint-4/ }).waitFor({ timeout: 60_000 });
    assert.ok(existsSync(join(jobsRoot, slow, 'cancelled')), 'cancelled on the host');
    assert.ok(!existsSync(join(jobsRoot, slow, 'output', 'generated_predictions.jsonl')), 'no predictions written');
    const pid = Number(readFileSync(join(jobsRoot, slow, 'pid'), 'utf8'));
    await until('the job\'s process group to end', async () => {
      try {
        process.kill(-pid, 0);
        return false;
      } catch {
        return true;
      }
    });
    const after = ReviewStore.open(db, { readonly: true });
    try {
      assert.deepEqual(after.snapshot('law16').models.map((m) => m.name).sort(), ['chatglm', generated], 'nothing imported');
    } finally {
      after.close();
    }
    await vs.screenshot('training-jobs-cancelled');
  }));

test('Training Runs: Merge Adapter… on a finished LoRA run writes the merged model in the job\'s merged/ folder', { timeout: 300_000 }, () =>
  withVSCode('training-merge', {}, async (vs) => {
    const { page } = vs;
    const { runsRoot: mergeRoot, rows } = await showSeededRun(vs, 'runs-merge');
    // From the palette on the run picked there (as Generate Answers… above), the latest checkpoint first.
    await vs.runCommand('LexReview: Merge Adapter…');
    await vs.pickQuickInput(NAME);
    await vs.pickQuickInput('checkpoint-4');
    const job = `${NAME}~merge-checkpoint-4`;
    await vs.waitForNotification(`Started ${job} on ${sshd.hostAlias}: the merged model will be in its merged/ folder.`);
    // The job is listed under its run (named by what follows the run's name) and followed there until it ends.
    await rows.filter({ has: page.locator('.label-name', { hasText: 'merge-checkpoint-4' }) }).locator('.label-description').filter({ hasText: /^finished · merge adapter · checkpoint-4/ }).waitFor({ timeout: 120_000 });
    await vs.screenshot('training-merge-finished');
    // On the host: the export's output in the job folder, merged from the checkpoint picked.
    const merged = join(mergeRoot, job, 'merged', 'config.json');
    assert.ok(existsSync(merged), `${merged} exists`);
    assert.match(JSON.parse(readFileSync(merged, 'utf8')).merged_from, /checkpoint-4$/);
  }));

test('Training Runs: a restored panel whose run is gone from the host closes; a launch ssh refuses offers Show Details with ssh\'s own words', { timeout: 300_000 }, () =>
  withVSCode('training-gone', {}, async (vs) => {
    const { page } = vs;
    const { runsRoot: goneRoot, row } = await showSeededRun(vs, 'runs-gone');
    await row.click();
    await vs.frameWithSelector('run-panel #state[data-state="finished"]');
    const tab = page.locator('.tabs-container .tab').filter({ hasText: `Run: ${NAME}` });
    await tab.waitFor();

    // Deleted on the host (as someone cleaning up would), then the window reloaded: VS Code brings
    // the panel's tab back, LexReview finds no such run and closes it, without an error.
    rmSync(join(goneRoot, NAME), { recursive: true, force: true });
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await vs.runCommand('Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench .activitybar').waitFor({ timeout: 60_000 });
    // The editors are restored before the views: once the tree has read the host, the tab was back.
    const after = (await trainingRunsPane(vs)).locator('.monaco-list-row');
    await after.filter({ hasText: 'No runs in' }).waitFor({ timeout: 60_000 });
    await until('the gone run\'s panel to close', async () => (await tab.count()) === 0);
    assert.equal(await page.locator('.notifications-toasts .notification-toast').count(), 0, 'no error shown for a run that is gone');
    await vs.screenshot('training-gone-closed');

    // A launch on a host whose key is not known: the message says what to do, and its Show Details
    // opens the LexReview output channel with ssh's own words.
    await answerLaunchSteps(vs, 8, UNKNOWN_KEY);
    await vs.pickQuickInput('Start over SSH');
    const toast = await vs.waitForNotification(`The host key of ${UNKNOWN_KEY} is not known`);
    await vs.screenshot('training-refused-notification');
    await toast.locator('.monaco-button').filter({ hasText: 'Show Details' }).click();
    const output = page.locator('.part.panel .output-view .view-lines');
    await output.filter({ hasText: 'Host key verification failed.' }).waitFor();
    assert.match((await output.innerText()).replace(/\u00a0/g, ' '), new RegExp(`\\[${UNKNOWN_KEY}\\] The host key of ${UNKNOWN_KEY} is not known`));
    await vs.screenshot('training-refused-details');
  }));

test('Training Runs: launch on Slurm from the UI, with the GPUs, nodes, partition and time limit asked, and see it finish', { timeout: 300_000 }, async () => {
  // A real single-node Slurm of this test's own, its client commands on the test host's PATH.
  const cluster = await startSlurm();
  try {
    slurmOnPath(cluster, sshd.binDir);
    await withVSCode('training-slurm', {}, async (vs) => {
      const { page } = vs;
      const slurmRoot = join(sshd.dir, 'runs-slurm');
      writeFileSync(join(sshd.binDir, 'fake-trainer.json'), JSON.stringify({ steps: 4, step_seconds: 0.05 }));
      writeFileSync(join(vs.workspace, 'law.json'), JSON.stringify([{ instruction: '合同纠纷怎么办？', input: '', output: '协商。' }]));
      useRunsRoot(vs, slurmRoot);
      const pane = await trainingRunsPane(vs);
      await pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: sshd.hostAlias }) }).locator('.label-description').filter({ hasText: 'no runs' }).waitFor();

      await answerLaunchSteps(vs, 8);
      await vs.pickQuickInput('Submit to Slurm');
      // This node has no GPU to give (a gres it lacks would be refused): 0 asks for none.
      await vs.answerQuickInput(/\(11\/14\): GPUs per node/, '0');
      await vs.answerQuickInput(/\(12\/14\): Nodes/);
      await vs.answerQuickInput(/\(13\/14\): Partition/, cluster.partition);
      await vs.answerQuickInput(/\(14\/14\): Time limit/, '10');

      const dialog = page.locator('.monaco-dialog-box').filter({ hasText: `Launch ${NAME} on ${sshd.hostAlias}?` });
      await dialog.waitFor();
      assert.match(await dialog.innerText(), new RegExp(`Slurm: 1 node\\(s\\) × 0 GPU\\(s\\) per node · partition ${cluster.partition} · time limit 10`));
      await vs.screenshot('training-slurm-confirm');
      await dialog.locator('.monaco-button').filter({ hasText: /^Launch$/ }).click();
      await dialog.waitFor({ state: 'detached' });

      // Submitted with what was asked, and followed through the scheduler until it ends.
      const frame = await vs.frameWithSelector('run-panel #state[data-state="finished"]', 120_000);
      await frame.locator('h1').filter({ hasText: `Training run: ${NAME}` }).waitFor();
      const sbatch = readFileSync(join(slurmRoot, NAME, 'job.sbatch'), 'utf8');
      assert.match(sbatch, new RegExp(`^#SBATCH --partition=${cluster.partition}$`, 'm'));
      assert.match(sbatch, /^#SBATCH --time=10$/m);
      assert.doesNotMatch(sbatch, /--gres/);
      assert.match(readFileSync(join(slurmRoot, NAME, 'slurm_job'), 'utf8'), /^\d+\n?$/);
      await pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: NAME }) }).locator('.label-description').filter({ hasText: /^finished · lora/ }).waitFor();
      await vs.screenshot('training-slurm-finished');
    });
  } finally {
    await cluster.stop();
  }
});
