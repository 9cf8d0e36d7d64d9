// What the Get Started walkthrough and the demo workspace script agree on: the walkthrough's id in
// package.json, the demo's files, and how many reviewed answers complete the "review" step. No
// 'vscode' here, so the demo script and the unit tests read the same names.
import type { SetSummary } from '../../store/setQueries';

/** contributes.walkthroughs[].id; VS Code qualifies it with the extension's id. */
export const WALKTHROUGH_ID = 'getStarted';
/** globalState key: the walkthrough was opened once on its own; never again, whatever the workspace. */
export const WALKTHROUGH_SHOWN = 'lexreview.walkthrough.shown';
/** Left in the demo workspace by scripts/demo-workspace.mjs; its presence activates LexReview (package.json). */
export const DEMO_MARKER = '.lexreview/demo-workspace.md';
/** The small dataset: the 52k one would ask "Open Anyway" of a newcomer. */
export const DEMO_DATASET = 'data/law_500.jsonl';
export const DEMO_ANSWERS = 'answers/answers_sample.jsonl';
/** The walkthrough's "review five answers" step. */
export const REVIEWS_TO_COMPLETE = 5;

/** Answers with at least one human review, over every set of the store. */
export function reviewedAnswers(sets: readonly Pick<SetSummary, 'reviewed'>[]): number {
  return sets.reduce((n, s) => n + s.reviewed, 0);
}
