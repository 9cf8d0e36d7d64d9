// Answers one run panel's requests and makes its updates: the run as the tracker's last poll left
// it, with the points the webview does not have yet (all of them, `reset`, when it has none or the
// source switched), and Cancel (confirmed with the user first) and Show Log.
import * as vscode from 'vscode';
import { stateDetail, stateText } from '../../core/training/runText';
import type { RunSummary } from '../../remote/runControl';
import type { Handlers } from '../../../shared/rpc';
import type { Requests, RunInfo, RunUpdate } from '../../../shared/runPanel/protocol';
import { runSummaryText } from './runsPresentation';
import type { RunTracker } from './runTracker';

export function runInfo(run: RunSummary): RunInfo {
  return { name: run.name, host: run.host, summary: runSummaryText(vscode.l10n.t, run) };
}

/** The update for a webview that has the first `since` points (undefined: none, send them all). */
export function runUpdate(run: RunSummary, tracker: RunTracker, since: number | undefined): RunUpdate | undefined {
  const t = vscode.l10n.t;
  const u = tracker.latest;
  if (!u && tracker.error === undefined) return undefined;
  const state = u?.state ?? run.state;
  const points = u?.points ?? [];
  const append = since !== undefined && u?.added !== undefined && since <= points.length;
  return {
    state: state.state,
    stateLabel: stateText(t, state.state),
    stateDetail: stateDetail(t, state, u?.files.exitCode ?? run.files.exitCode, run.record !== undefined),
    progress: u?.progress ?? {},
    points: append ? points.slice(since) : [...points],
    reset: !append,
    error: tracker.error,
  };
}

export function panelHandlers(run: RunSummary, tracker: RunTracker, cancel: () => Promise<boolean>, onReady: (sent: number) => void): Handlers<Requests> {
  return {
    ready: () => {
      const update = runUpdate(run, tracker, undefined);
      onReady(update?.points.length ?? 0);
      return { run: runInfo(run), update, l10n: vscode.l10n.bundle };
    },
    cancel: async () => ({ cancelled: await cancel() }),
    showLog: () => {
      tracker.output.show(true);
      return null;
    },
  };
}
