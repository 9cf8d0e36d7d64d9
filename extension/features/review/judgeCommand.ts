// "LexReview: Judge Answers…": every chosen model against the baseline, in both orders, by the
// judge model asked for (the setting's value filled in) at the configured OpenAI-compatible
// endpoint, under a progress notification that shows the count, tokens and cost and can be
// cancelled. Judgments are saved as they arrive; a re-run asks only for what is missing (the same
// planner and runner as `lexreview judge`).
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { JudgePlanError, planJudgments, type JudgePlan } from '../../core/review/judgePlan';
import { DEFAULT_JUDGE_PROMPT, parseJudgePrompt, type JudgePrompt } from '../../core/review/judgePrompt';
import { DEFAULT_BASE_URL, DEFAULT_CONCURRENCY, DEFAULT_JUDGE_MODEL, endpointName, redactKey, runJudge, type JudgeProgress } from '../../core/review/judgeRunner';
import { withCancellableProgress } from '../longOperation';
import { judgeKey } from './judgeKey';
import { reviewDataChanged } from './reviewEvents';
import { pickBaseline, pickSet } from './pickSet';
import type { WorkspaceReviewStore } from './workspaceStore';

interface JudgeSettings {
  baseURL: string;
  model: string;
  concurrency: number;
  promptFile: string;
}

function settings(): JudgeSettings {
  const c = vscode.workspace.getConfiguration('lexreview.judge');
  return {
    baseURL: c.get<string>('baseURL') || DEFAULT_BASE_URL,
    model: c.get<string>('model') || DEFAULT_JUDGE_MODEL,
    concurrency: c.get<number>('concurrency') || DEFAULT_CONCURRENCY,
    promptFile: c.get<string>('promptFile') || join('.lexreview', 'judge-prompt.txt'),
  };
}

/** The workspace's prompt file when there is one (a missing file means the built-in prompt). */
async function judgePrompt(promptFile: string): Promise<JudgePrompt> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const path = isAbsolute(promptFile) || !folder ? promptFile : join(folder, promptFile);
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  return text === undefined ? DEFAULT_JUDGE_PROMPT : parseJudgePrompt(text, path);
}

function progressText(p: JudgeProgress): string {
  const cost = p.costUsd === undefined ? vscode.l10n.t('cost unknown') : `$${p.costUsd.toFixed(4)}`;
  return vscode.l10n.t('{0} of {1} · {2} tokens · {3}', p.done + p.cached + p.failed, p.total, p.promptTokens + p.completionTokens, cost);
}

/** The model that judges, asked with the `lexreview.judge.model` setting's value filled in (Enter keeps it); this run only, the setting is left as it is. */
async function pickJudgeModel(configured: string): Promise<string | undefined> {
  const model = await vscode.window.showInputBox({
    title: vscode.l10n.t('Judge model'),
    prompt: vscode.l10n.t('The model that scores the answers (the setting lexreview.judge.model gives the default)'),
    value: configured,
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('The judge model needs a name') : undefined),
  });
  return model?.trim() || undefined;
}

export async function judgeAnswersCommand(arg: unknown, stores: WorkspaceReviewStore, secrets: vscode.SecretStorage, output: vscode.OutputChannel): Promise<void> {
  const store = stores.get();
  if (!store) return;
  const set = await pickSet(store, arg);
  if (!set) return;
  const snapshot = store.snapshot(set);
  const baseline = await pickBaseline(snapshot);
  if (!baseline) return;
  const candidates = snapshot.models.map((m) => m.name).filter((m) => m !== baseline);
  const chosen = await vscode.window.showQuickPick(
    candidates.map((label) => ({ label, picked: true })),
    { title: vscode.l10n.t('Models to judge against {0}', baseline), canPickMany: true },
  );
  if (!chosen || chosen.length === 0) return;
  const cfg = settings();
  const judgeModel = await pickJudgeModel(cfg.model);
  if (!judgeModel) return;
  let prompt: JudgePrompt;
  try {
    prompt = await judgePrompt(cfg.promptFile);
  } catch (e) {
    void vscode.window.showErrorMessage((e as Error).message);
    return;
  }
  const apiKey = await judgeKey(secrets);
  if (!apiKey) return;
  let plan: JudgePlan;
  try {
    plan = planJudgments(snapshot, { baseline, models: chosen.map((c) => c.label), endpoint: endpointName(cfg.baseURL), judgeModel, prompt });
  } catch (e) {
    if (!(e instanceof JudgePlanError)) throw e;
    void vscode.window.showErrorMessage(e.message);
    return;
  }
  for (const m of plan.missing) output.appendLine(vscode.l10n.t('{0}: question {1} has no answer from {2}; not judged', set, m.questionKey, m.missing === 'baseline' ? baseline : m.model));

  const summary = await withCancellableProgress(vscode.l10n.t('Judging {0} against {1} with {2}', set, baseline, judgeModel), (signal, progress) => {
    let shown = 0;
    return runJudge(store, plan.tasks, { baseURL: cfg.baseURL, apiKey, judgeModel }, prompt, {
      concurrency: cfg.concurrency,
      signal,
      onProgress: (p) => {
        const pct = p.total ? Math.floor(((p.done + p.cached + p.failed) / p.total) * 100) : 100;
        progress.report({ increment: pct - shown, message: progressText(p) });
        shown = pct;
      },
    });
  });
  reviewDataChanged(set);
  for (const f of summary.failures) output.appendLine(redactKey(vscode.l10n.t('{0}: question {1}, {2}: failed: {3}', set, f.questionKey, f.model, f.error), apiKey));
  const line = vscode.l10n.t(
    '{0}: {1} judgment(s): {2} judged, {3} already in the store, {4} failed, {5} unreadable; {6}',
    set,
    summary.total,
    summary.done,
    summary.cached,
    summary.failed,
    summary.unparsed,
    progressText(summary),
  );
  output.appendLine(line);
  // Open report views and documents of the set show the new judgments (also after a cancel: what was judged is kept).
  const report = vscode.l10n.t('Show Report');
  const show = summary.failed > 0 || summary.cancelled ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(summary.cancelled ? vscode.l10n.t('Judging cancelled; what was judged is kept. {0}', line) : line, report);
  if (choice === report) await vscode.commands.executeCommand('lexreview.showReport', set);
}
