// How the Training Runs view shows hosts and runs: labels, descriptions, tooltips, theme icons and
// colours by state, and the order (active runs first, newest first). Pure (takes a Translate;
// vscode.l10n.t in the extension), unit-tested in Node; the provider only turns these into TreeItems.
import type { Translate } from '../../core/l10n';
import type { JobRecord, RunState, RunStateDetail } from '../../core/training/runFolder';
import { globalBatchSize } from '../../core/training/runSpec';
import { durationText, isActive, stateDetail, stateText } from '../../core/training/runText';
import type { TrainProgress } from '../../core/training/trainerLog';
import type { RunSummary } from '../../remote/runControl';

/** A host's runs as last listed, or why they could not be (a RemoteError's message). */
export type HostListing = { runs: readonly RunSummary[]; error?: undefined } | { runs?: undefined; error: string };

/** What a run watched by a poller says now (fresher than the listing). */
export interface LiveRun {
  state: RunStateDetail;
  progress: TrainProgress;
}

/** A tree row, without VS Code types: `icon` is a codicon id, `color` a theme colour id. */
export interface ItemLook {
  label: string;
  description: string;
  tooltip: string;
  icon: string;
  color?: string;
  contextValue: string;
  /** What a screen reader says for the row. */
  ariaLabel: string;
}

const STATE_ICONS: Readonly<Record<RunState, { icon: string; color: string }>> = {
  queued: { icon: 'clock', color: 'charts.yellow' },
  running: { icon: 'sync~spin', color: 'charts.blue' },
  finished: { icon: 'pass', color: 'testing.iconPassed' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
  cancelled: { icon: 'circle-slash', color: 'disabledForeground' },
};

/** Running first, then queued, then the ended ones; newest first within each. */
const STATE_ORDER: Readonly<Record<RunState, number>> = { running: 0, queued: 1, failed: 2, finished: 3, cancelled: 4 };

export function sortRuns(runs: readonly RunSummary[], live: (run: RunSummary) => LiveRun | undefined = () => undefined): RunSummary[] {
  const state = (r: RunSummary) => (live(r)?.state ?? r.state).state;
  const created = (r: RunSummary) => r.record?.createdAt ?? '';
  return [...runs].sort((a, b) => STATE_ORDER[state(a)] - STATE_ORDER[state(b)] || created(b).localeCompare(created(a)) || a.name.localeCompare(b.name));
}

/** Why a run is in its state beyond the state itself (`exit 3`, lost), as runText says it. */
function why(t: Translate, run: RunSummary, state: RunStateDetail): string | undefined {
  return stateDetail(t, state, run.files.exitCode, run.record !== undefined);
}

/** `lora · llamafactory · 3 epochs · global batch 128` from run.json. */
export function runSummaryText(t: Translate, run: RunSummary): string {
  const spec = run.record?.spec;
  if (!spec) return t('run.json unreadable');
  return [spec.method, spec.framework, t('{0} epochs', spec.epochs), t('global batch {0}', globalBatchSize(spec))].join(' · ');
}

/** `42 %`, `ETA 1:02:03`, as far as the trainer has said. */
function progressParts(t: Translate, progress: TrainProgress | undefined): string[] {
  if (!progress) return [];
  const parts: string[] = [];
  if (progress.fraction !== undefined) parts.push(`${Math.floor(progress.fraction * 100)} %`);
  if (progress.etaSeconds !== undefined) parts.push(t('ETA {0}', durationText(progress.etaSeconds)));
  return parts;
}

/**
 * The host's runs as the tree shows them: the training runs, each with its jobs (merge, generate)
 * under it. A job whose run is not listed (its folder was removed) stays at the top, not hidden.
 */
export function nestJobs(runs: readonly RunSummary[]): { top: RunSummary[]; jobsOf: Map<string, RunSummary[]> } {
  const names = new Set(runs.map((r) => r.name));
  const top: RunSummary[] = [];
  const jobsOf = new Map<string, RunSummary[]>();
  for (const run of runs) {
    const parent = run.record?.job?.parent;
    if (parent === undefined || parent === run.name || !names.has(parent)) top.push(run);
    else jobsOf.set(parent, [...(jobsOf.get(parent) ?? []), run]);
  }
  return { top, jobsOf };
}

/** What a job does, in words: `merge adapter · checkpoint-4`, `generate answers · checkpoint-2 · penalty 1.2 · set law16`. */
function jobText(t: Translate, job: JobRecord): string {
  const parts = [job.kind === 'merge' ? t('merge adapter') : t('generate answers'), job.checkpoint];
  if (job.penalty !== undefined) parts.push(t('penalty {0}', job.penalty));
  if (job.set !== undefined) parts.push(t('set {0}', job.set));
  return parts.join(' · ');
}

export function runItem(t: Translate, run: RunSummary, live?: LiveRun): ItemLook {
  const state = live?.state ?? run.state;
  const spec = run.record?.spec;
  const job = run.record?.job;
  const does = job && jobText(t, job);
  const label = stateText(t, state.state);
  const detail = why(t, run, state);
  const parts = [detail === undefined ? label : `${label} (${detail})`];
  // A job's row sits under its run, whose method and framework it shares: it says what it does instead.
  if (does) parts.push(does);
  else if (spec) parts.push(spec.method, spec.framework);
  if (state.state === 'running') parts.push(...progressParts(t, live?.progress));
  const tooltip = [run.name, t('Host: {0}', run.host), t('State: {0}', detail === undefined ? label : `${label} (${detail})`)];
  if (job && does) tooltip.push(t('A job on run {0}: {1}', job.parent, does));
  else if (spec) {
    tooltip.push(runSummaryText(t, run), t('Base model: {0}', spec.model), t('Dataset: {0}', spec.dataset.path));
    if (spec.lora) tooltip.push(t('LoRA rank {0}, alpha {1}', spec.lora.rank, spec.lora.alpha));
  }
  if (run.record) tooltip.push(run.record.backend === 'slurm' ? t('Slurm job {0}', run.files.slurmJob ?? '?') : t('Started over ssh (process group {0})', run.files.pid ?? '?'), t('Created {0}', run.record.createdAt));
  const look = STATE_ICONS[state.state];
  // Under its run a job is named by what follows the run's name (`generate-checkpoint-2-penalty-1.2`).
  const short = job && run.name.startsWith(`${job.parent}~`) ? run.name.slice(job.parent.length + 1) : run.name;
  return {
    label: short,
    description: parts.join(' · '),
    tooltip: tooltip.join('\n'),
    icon: look.icon,
    color: look.color,
    // `.job` keeps the run-only commands (Merge Adapter…, Generate Answers…) off a job's menu.
    contextValue: `${isActive(state.state) ? 'trainingRun.active' : 'trainingRun.ended'}${job ? '.job' : ''}`,
    ariaLabel: job ? t('Job {0} of run {1}, {2}', short, job.parent, parts.join(', ')) : t('Run {0}, {1}', run.name, parts.join(', ')),
  };
}

/** `2 running · 1 finished`, in the states' order; `unreachable` when listing failed. */
export function hostItem(t: Translate, host: string, listing: HostListing | undefined, live: (run: RunSummary) => LiveRun | undefined = () => undefined): ItemLook {
  let description = '';
  if (listing?.error !== undefined) description = t('cannot be reached');
  else if (listing) {
    const counts = new Map<RunState, number>();
    for (const r of listing.runs) {
      const s = (live(r)?.state ?? r.state).state;
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    description = listing.runs.length === 0 ? t('no runs') : (Object.keys(STATE_ORDER) as RunState[]).filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${stateText(t, s)}`).join(' · ');
  }
  return {
    label: host,
    description,
    tooltip: listing?.error ?? host,
    icon: listing?.error !== undefined ? 'warning' : 'server',
    color: listing?.error !== undefined ? 'problemsWarningIcon.foreground' : undefined,
    contextValue: 'trainingHost',
    ariaLabel: description === '' ? host : t('Host {0}, {1}', host, description),
  };
}

/** The row under an unreachable host: its RemoteError message, in the tree rather than a pop-up. */
export function errorItem(message: string): ItemLook {
  return { label: message, description: '', tooltip: message, icon: 'error', color: 'errorForeground', contextValue: 'trainingHostError', ariaLabel: message };
}

/** The row under a host with no run yet. */
export function emptyItem(t: Translate, root: string): ItemLook {
  const label = t('No runs in {0}', root);
  return { label, description: '', tooltip: label, icon: 'info', contextValue: 'trainingHostEmpty', ariaLabel: label };
}
