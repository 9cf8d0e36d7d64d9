// The "Evaluation" tree view: evaluation sets of the workspace's review store, each with its
// models (what the run name says, answer counts, and the headline figure with its interval).
// It follows the store through onReviewDataChanged; the store is opened only when the view shows.
import * as vscode from 'vscode';
import { buildReport, type Report } from '../../core/review/report';
import { ReviewInputError } from '../../core/review/scoring';
import type { SetSummary } from '../../store/setQueries';
import { onReviewDataChanged } from '../review/reviewEvents';
import type { WorkspaceReviewStore } from '../review/workspaceStore';
import { countsByModel, modelDescription, modelTooltip, setDescription, setTooltip, type ModelCounts } from './evaluationPresentation';

export const EVALUATION_VIEW = 'lexreview.evaluation';

/** Tree elements; `set` names the evaluation set, so set commands take either kind. */
export type EvaluationNode =
  | { kind: 'set'; set: string; summary: SetSummary }
  | { kind: 'model'; set: string; model: string; item: vscode.TreeItem };

export class EvaluationTreeProvider implements vscode.TreeDataProvider<EvaluationNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EvaluationNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly stores: WorkspaceReviewStore) {
    this.subscription = onReviewDataChanged(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: EvaluationNode): vscode.TreeItem {
    if (node.kind === 'model') return node.item;
    const item = new vscode.TreeItem(node.set, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `set:${node.set}`;
    item.description = setDescription(vscode.l10n.t, node.summary);
    item.tooltip = setTooltip(vscode.l10n.t, node.summary);
    item.iconPath = new vscode.ThemeIcon('law');
    item.contextValue = 'evaluationSet';
    return item;
  }

  getChildren(node?: EvaluationNode): EvaluationNode[] {
    // An empty workspace shows the view's welcome text instead of opening (creating) a database.
    if (!node) {
      const store = this.stores.existing();
      return store ? store.listSets().map((summary) => ({ kind: 'set', set: summary.name, summary })) : [];
    }
    if (node.kind === 'model') return [];
    const store = this.stores.existing();
    if (!store) return [];
    const snapshot = store.snapshot(node.set);
    const counts = countsByModel(snapshot);
    const report = this.report(snapshot);
    return snapshot.models.map((m) => {
      const role = { baseline: report?.baseline === m.name, report: report?.models.find((r) => r.model === m.name) };
      const item = new vscode.TreeItem(m.name, vscode.TreeItemCollapsibleState.None);
      item.id = `model:${node.set}:${m.name}`;
      item.description = modelDescription(vscode.l10n.t, m.attributes, role);
      item.tooltip = modelTooltip(vscode.l10n.t, m.name, counts.get(m.name) ?? ({ answers: 0, judged: 0, reviewed: 0 } satisfies ModelCounts), role);
      item.iconPath = new vscode.ThemeIcon(role.baseline ? 'pinned' : 'hubot');
      item.contextValue = role.baseline ? 'evaluationBaseline' : 'evaluationModel';
      return { kind: 'model', set: node.set, model: m.name, item };
    });
  }

  /** The set's report, or undefined while it has no baseline to be found (nothing judged yet). */
  private report(snapshot: Parameters<typeof buildReport>[0]): Report | undefined {
    try {
      return buildReport(snapshot);
    } catch (e) {
      if (e instanceof ReviewInputError) return undefined;
      throw e;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
