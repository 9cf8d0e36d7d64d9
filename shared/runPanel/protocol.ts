// The run panel's message protocol, imported by the host (extension/features/trainingRuns) and by
// the webview (webview/runPanel), which import nothing of each other. The host polls the run
// (RunWatch: only the new log bytes) and sends what each poll added; the webview keeps the curve.
// Types only.
import type { RunState } from '../../extension/core/training/runFolder';
import type { TrainPoint, TrainProgress } from '../../extension/core/training/trainerLog';

export type { RunState, TrainPoint, TrainProgress };

/** What the panel says about the run besides its curve (from run.json). */
export interface RunInfo {
  name: string;
  host: string;
  /** `lora · llamafactory · 3 epochs · global batch 128`, made on the host in the UI's language. */
  summary: string;
}

/** One poll's news. `reset`: `points` replaces the curve (the source switched to trainer_log.jsonl); else it is appended. */
export interface RunUpdate {
  state: RunState;
  /** The state's label in the UI's language. */
  stateLabel: string;
  /** A dead process group without an exit code, or the exit code of a failed run, said plainly. */
  stateDetail?: string;
  progress: TrainProgress;
  points: TrainPoint[];
  reset: boolean;
  /** Why the last poll failed (the host is unreachable…); the panel keeps what it has and says so. */
  error?: string;
}

export interface InitData {
  run: RunInfo;
  /** Every point so far and the state, as the last poll left them; undefined before the first poll. */
  update: RunUpdate | undefined;
  /** vscode.l10n.bundle: undefined in English. */
  l10n: Record<string, string> | undefined;
}

/** What the webview keeps with vscode.setState: after a window reload VS Code hands it back to reopen the panel on the run. */
export interface RunPanelState {
  host: string;
  name: string;
}

/** Requests of the webview: method → [params, result]. `ready` first. */
export type Requests = {
  ready: [undefined, InitData];
  /** Asks the user to confirm, then cancels; `cancelled` false when the user said no. */
  cancel: [undefined, { cancelled: boolean }];
  /** Shows the run's output channel (the raw train.log). */
  showLog: [undefined, null];
};

/** Events from the host. */
export type Events = {
  update: RunUpdate;
};
