// The words the CLI and the extension both use for runs: a state's label, the trainable share line
// shown before launch, and a duration (ETA) as h:mm:ss. Each takes a Translate, so the CLI passes
// translate and the extension vscode.l10n.t, and the tests ask for English.
// Browser-safe: no Node modules (the run panel formats the ETA too).
import type { Translate } from '../l10n';
import type { RunState, RunStateDetail } from './runFolder';
import type { RunSpec } from './runSpec';
import type { TrainableShare } from './trainableShare';

export function stateText(t: Translate, state: RunState): string {
  switch (state) {
    case 'queued':
      return t('queued');
    case 'running':
      return t('running');
    case 'finished':
      return t('finished');
    case 'failed':
      return t('failed');
    case 'cancelled':
      return t('cancelled');
  }
}

/** Why a run is in its state, when the state alone does not say it: lost (a dead process group without an exit code), `exit 3`, run.json unreadable. */
export function stateDetail(t: Translate, state: RunStateDetail, exitCode: number | undefined, recordReadable = true): string | undefined {
  if (state.lost) return t('the process ended without an exit code');
  if (state.state === 'failed' && exitCode !== undefined && exitCode !== 0) return t('exit {0}', exitCode);
  if (state.state === 'failed' && !recordReadable) return t('run.json unreadable');
  return undefined;
}

/** Whether a run in `state` may still change (the states Cancel applies to, and polling follows). */
export function isActive(state: RunState): boolean {
  return state === 'queued' || state === 'running';
}

/** "LoRA rank 256 on all linear layers: 8.5 % of 6.74 B parameters trainable." (full: all parameters). */
export function shareText(t: Translate, spec: Pick<RunSpec, 'method' | 'lora'>, share: TrainableShare): string {
  const billions = (share.total / 1e9).toFixed(2);
  if (spec.method === 'full') return t('Full fine-tuning: all {0} B parameters are trained.', billions);
  const target = spec.lora!.target === 'all' ? t('all linear layers') : spec.lora!.target.join(', ');
  return t('LoRA rank {0} on {1}: {2} % of {3} B parameters trainable.', spec.lora!.rank, target, (share.share * 100).toFixed(1), billions);
}

/** Seconds as `h:mm:ss` (`m:ss` under an hour); no translation needed. */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The steps of a launch, in order (remote/runLaunch reports each as it begins). */
export type LaunchPhase = 'dataset' | 'upload' | 'files' | 'start';

/** What a launch is doing now, for a progress line. */
export function phaseText(t: Translate, phase: LaunchPhase, spec: Pick<RunSpec, 'host' | 'slurm'>): string {
  switch (phase) {
    case 'dataset':
      return t('Reading the dataset…');
    case 'upload':
      return t('Uploading the dataset (skipped when {0} already has it)…', spec.host);
    case 'files':
      return t('Writing the run folder…');
    case 'start':
      return spec.slurm ? t('Submitting to Slurm…') : t('Starting the run…');
  }
}
