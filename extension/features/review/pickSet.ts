// The quick picks the review commands share: an evaluation set of the store, and its baseline.
import * as vscode from 'vscode';
import { chooseBaseline } from '../../core/review/scoring';
import type { ReviewSnapshot } from '../../core/review/types';
import type { ReviewStore } from '../../store/reviewStore';

/** The set a command was given: a name (from a notification, another command) or a tree item of the Evaluation view. */
export function setNameOf(given: unknown): string | undefined {
  if (typeof given === 'string') return given;
  if (typeof given === 'object' && given !== null && typeof (given as { set?: unknown }).set === 'string') return (given as { set: string }).set;
  return undefined;
}

/** The set the command was given when the store has it, else the user's pick. */
export async function pickSet(store: ReviewStore, given: unknown): Promise<string | undefined> {
  const sets = store.listSets();
  const name = setNameOf(given);
  if (name !== undefined && sets.some((s) => s.name === name)) return name;
  if (sets.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No evaluation set yet: import model answers first (LexReview: Import Answers…).'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    sets.map((s) => ({
      label: s.name,
      description: vscode.l10n.t('{0} questions · {1} models', s.questions, s.models),
      detail: vscode.l10n.t('{0} answers, {1} judged, {2} reviewed', s.answers, s.judged, s.reviewed),
    })),
    { title: vscode.l10n.t('Evaluation set') },
  );
  return picked?.label;
}

/** The baseline model, the likeliest first (see chooseBaseline). */
export async function pickBaseline(snapshot: ReviewSnapshot): Promise<string | undefined> {
  let likely: string | undefined;
  try {
    likely = chooseBaseline(snapshot);
  } catch {
    likely = undefined;
  }
  const names = snapshot.models.map((m) => m.name).sort((a, b) => Number(b === likely) - Number(a === likely));
  const picked = await vscode.window.showQuickPick(
    names.map((name) => ({ label: name, description: name === likely ? vscode.l10n.t('likely baseline') : undefined })),
    { title: vscode.l10n.t('Baseline model (every other model is judged against it)') },
  );
  return picked?.label;
}
