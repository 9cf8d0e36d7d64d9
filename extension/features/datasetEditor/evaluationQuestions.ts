// Where the dataset editor's "overlaps the evaluation set" filter gets its questions: a set of the
// workspace's review store, or a file of questions (plain text, or JSON / JSONL / CSV with a
// question column). The pick is the host's (a quick pick, the store, the file dialog); the
// webview only keeps the choice in its view.
import * as vscode from 'vscode';
import type { EvaluationSource } from '../../core/dataset/document/qualityFilters';
import type { LongOperation } from '../../core/progress';
import { readQuestionsFile } from '../../core/review/questionsFile';
import type { WorkspaceReviewStore } from '../review/workspaceStore';

export interface EvaluationQuestions {
  /** Asks which evaluation questions to look for; undefined when the user cancels. */
  pick(): Promise<EvaluationSource | undefined>;
  load(source: EvaluationSource, op: LongOperation): Promise<string[]>;
}

export class WorkspaceEvaluationQuestions implements EvaluationQuestions {
  constructor(private readonly stores: WorkspaceReviewStore) {}

  async pick(): Promise<EvaluationSource | undefined> {
    const sets = this.stores.existing()?.listSets() ?? [];
    type Item = vscode.QuickPickItem & { source?: EvaluationSource };
    const items: Item[] = [
      ...sets.map((s): Item => ({ label: s.name, description: vscode.l10n.t('{0} questions', s.questions), source: { kind: 'set', name: s.name } })),
      { label: vscode.l10n.t('Questions file…'), detail: vscode.l10n.t('One question a line (.txt), or JSON, JSONL or CSV with a question column') },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Records that hold a question of which evaluation set?') });
    if (!picked) return undefined;
    if (picked.source) return picked.source;
    const files = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { [vscode.l10n.t('Evaluation questions')]: ['txt', 'jsonl', 'json', 'csv'] },
      title: vscode.l10n.t('Choose a file of evaluation questions'),
    });
    return files?.[0] && { kind: 'file', path: files[0].fsPath };
  }

  async load(source: EvaluationSource, op: LongOperation): Promise<string[]> {
    if (source.kind === 'file') return readQuestionsFile(source.path, op);
    const store = this.stores.get();
    if (!store) return [];
    return store.snapshot(source.name).questions.map((q) => q.text);
  }
}

/** The source as the editor names it: the set's name, or the file's. */
export function evaluationSourceLabel(source: EvaluationSource): string {
  return source.kind === 'set' ? source.name : vscode.workspace.asRelativePath(source.path);
}
