// One signal for "the review data of a set changed" (answers imported, judgments saved, a review
// or flag saved, a set deleted): the Evaluation view, the report documents and panels listen to it,
// so whoever writes to the store says so once and every view follows.
import * as vscode from 'vscode';

const changed = new vscode.EventEmitter<string | undefined>();

/** Fired with the set's name (undefined: any set may have changed, e.g. a set was deleted). */
export const onReviewDataChanged = changed.event;

export function reviewDataChanged(set: string | undefined): void {
  changed.fire(set);
}

/** Both ends of the signal, for a component that reports its own writes and follows others' (the review panel). */
export interface ReviewDataSignal {
  fire(set: string): void;
  event: vscode.Event<string | undefined>;
}

export const reviewDataSignal: ReviewDataSignal = { fire: reviewDataChanged, event: onReviewDataChanged };
