// A run's folder on the host (the contract in the issue-17 notes): the texts of the files
// LexReview writes there, the shell snippets that start, watch and cancel a run over one ssh round
// trip each, the parsers of what they print, and the run's state derived from its files.
// Every name and path reaches the shell through shellPath / shellQuote, so a hostile run name
// is data; ROOT may start with `~/` (the default `~/lexreview-runs`).
// Browser-safe: no Node modules (the lead sends these strings through RemoteShell).
import { datasetInfoJson, llamaFactoryYaml, DATA_DIR } from './llamaFactoryConfig';
import { CONFIG_FILE, trainingCommandLine } from './launcher';
import type { RunSpec } from './runSpec';
import { shellPath } from './shellQuote';

export const DEFAULT_RUNS_ROOT = '~/lexreview-runs';
export type Backend = 'ssh' | 'slurm';
export type RunState = 'queued' | 'running' | 'finished' | 'failed' | 'cancelled';

/** The files of a run folder by name (relative paths). */
export const RUN_FILES = {
  spec: 'run.json',
  command: 'command.sh',
  launch: 'launch.sh',
  log: 'train.log',
  pid: 'pid',
  exitCode: 'exit_code',
  cancelled: 'cancelled',
  slurmJob: 'slurm_job',
  trainerLog: 'output/trainer_log.jsonl',
  trainerState: 'output/trainer_state.json',
} as const;

/** `ROOT/NAME[/FILE]` as a path string (quote it with shellPath). */
export function runPath(root: string, name: string, file?: string): string {
  const dir = `${root.replace(/\/+$/, '')}/${name}`;
  return file === undefined ? dir : `${dir}/${file}`;
}

/** What run.json holds: the spec, the backend and when the run was created (ISO 8601). */
export interface RunRecord {
  spec: RunSpec;
  backend: Backend;
  createdAt: string;
  /** Set on a job's folder (merge, generate): what it does to which run. Absent: a training run. */
  job?: JobRecord;
}

/** A job on a trained run's checkpoint (runJobs.ts); its folder's spec is the run's, renamed. */
export interface JobRecord {
  kind: 'merge' | 'generate';
  /** The training run's name (its folder beside the job's). */
  parent: string;
  checkpoint: string;
  /** generate: the repetition penalty and the evaluation set whose questions it answers. */
  penalty?: number;
  set?: string;
}

export function runJson(spec: RunSpec, backend: Backend, createdAt: string, job?: JobRecord): string {
  return JSON.stringify({ ...spec, backend, createdAt, ...(job ? { job } : {}) }, null, 2) + '\n';
}

/** Reads run.json back (undefined when it is not one). */
export function parseRunJson(text: string): RunRecord | undefined {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    if (typeof o !== 'object' || o === null || typeof o.name !== 'string') return undefined;
    const { backend, createdAt, job, ...spec } = o;
    const record: RunRecord = { spec: spec as unknown as RunSpec, backend: backend === 'slurm' ? 'slurm' : 'ssh', createdAt: typeof createdAt === 'string' ? createdAt : '' };
    const j = job as Partial<JobRecord> | undefined;
    if (j && (j.kind === 'merge' || j.kind === 'generate') && typeof j.parent === 'string' && typeof j.checkpoint === 'string') record.job = j as JobRecord;
    return record;
  } catch {
    return undefined;
  }
}

/**
 * command.sh: the training command (or a job's: runJobs.ts) and nothing else, run from the run folder by both backends.
 * The user's setup lines (conda activate …) run first and stop the script when they fail; then the
 * command runs last, so its exit status is the script's.
 */
export function commandScript(spec: RunSpec, commandLine = trainingCommandLine(spec)): string {
  const lines = ['#!/usr/bin/env bash', '# Written by LexReview: the training command of this run.', 'cd -- "$(dirname -- "${BASH_SOURCE[0]}")" || exit 1'];
  for (const [key, value] of Object.entries(spec.env ?? {})) lines.push(`export ${key}=${shellPath(value)}`);
  if (spec.setup?.trim()) lines.push('set -e', spec.setup.trim(), 'set +e');
  // An argument vector replaces the shell; a custom template may be a compound command (a loop, `a && b`): it runs as written.
  lines.push(spec.framework === 'custom' ? commandLine : `exec ${commandLine}`);
  return lines.join('\n') + '\n';
}

/**
 * launch.sh (ssh backend), started by launchCommand under setsid: it leads its own process group,
 * so its pid is the group Cancel kills. pid and exit_code are written atomically (tmp + mv): a
 * reader never sees half a number.
 */
export function launchScript(): string {
  return [
    '#!/usr/bin/env bash',
    '# Written by LexReview: runs command.sh detached, logging to train.log.',
    'cd -- "$(dirname -- "${BASH_SOURCE[0]}")" || exit 1',
    'echo $$ > pid.tmp && mv -f pid.tmp pid',
    // Cancelled while it was starting: the run never trains.
    '[ -e cancelled ] && exit 0',
    'bash command.sh >> train.log 2>&1 </dev/null',
    'code=$?',
    'echo "$code" > exit_code.tmp && mv -f exit_code.tmp exit_code',
    '',
  ].join('\n');
}

/** Every file LexReview writes into a new run folder, path → text (command.sh and launch.sh are to be executable). */
export function runFolderFiles(spec: RunSpec, backend: Backend, createdAt: string): Record<string, string> {
  const files: Record<string, string> = {
    [RUN_FILES.spec]: runJson(spec, backend, createdAt),
    [RUN_FILES.command]: commandScript(spec),
  };
  if (backend === 'ssh') files[RUN_FILES.launch] = launchScript();
  if (spec.framework === 'llamafactory') {
    files[CONFIG_FILE] = llamaFactoryYaml(spec);
    files[`${DATA_DIR}/dataset_info.json`] = datasetInfoJson(spec);
  }
  return files;
}

/**
 * Starts the run detached and prints `pid N` once launch.sh has written it (waits up to 10 s).
 * Refuses (exit 3, prints `already-started`) when the folder already has a pid: a run starts once.
 */
export function launchCommand(root: string, name: string): string {
  const dir = shellPath(runPath(root, name));
  return [
    `cd ${dir} || exit 2`,
    `if [ -e pid ]; then echo already-started; exit 3; fi`,
    `setsid nohup bash launch.sh </dev/null >/dev/null 2>&1 &`,
    `i=0; while [ ! -s pid ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done`,
    `if [ -s pid ]; then printf 'pid %s\\n' "$(tr -cd 0-9 < pid)"; else echo no-pid; exit 4; fi`,
  ].join('\n');
}

// One function per status round trip: prints a block per run (see parseStatus). File contents are
// reduced to digits, so a corrupt pid file cannot inject text into the format; a pid of 0 or 1 is
// never signalled (kill -0 -0 would probe our own group). POSIX sh throughout (dash's kill takes
// no `--`, so a group is `kill -SIG -PGID`); launch.sh and command.sh are bash.
const STATUS_FN = [
  'st() {',
  '  printf "@run %s\\n" "$1"',
  '  if [ ! -d "$2" ]; then echo "dir 0"; return; fi',
  '  echo "dir 1"',
  '  if [ -f "$2/pid" ]; then',
  '    p=$(tr -cd 0-9 < "$2/pid" | head -c 12); printf "pid %s\\n" "$p"',
  '    if [ -n "$p" ] && [ "$p" -gt 1 ] && kill -0 "-$p" 2>/dev/null; then echo "alive 1"; else echo "alive 0"; fi',
  '  fi',
  '  if [ -f "$2/exit_code" ]; then printf "exit_code %s\\n" "$(tr -cd 0-9 < "$2/exit_code" | head -c 6)"; fi',
  '  if [ -e "$2/cancelled" ]; then echo "cancelled 1"; fi',
  '  if [ -f "$2/slurm_job" ]; then printf "slurm_job %s\\n" "$(tr -cd 0-9_ < "$2/slurm_job" | head -c 24)"; fi',
  '  for f in train.log output/trainer_log.jsonl output/trainer_state.json; do',
  '    if [ -f "$2/$f" ]; then printf "size %s %s\\n" "$(wc -c < "$2/$f" | tr -cd 0-9)" "$f"; fi',
  '  done',
  '}',
].join('\n');

/**
 * One round trip for the state of several runs: for each (by its index in `names`), whether its
 * folder exists, its pid and whether that process group is alive, exit_code, cancelled, slurm_job,
 * and the sizes of train.log / trainer_log.jsonl / trainer_state.json (so a poll reads only what grew).
 */
export function statusCommand(root: string, names: readonly string[]): string {
  return [STATUS_FN, ...names.map((name, i) => `st ${i} ${shellPath(runPath(root, name))}`)].join('\n');
}

/** What statusCommand found for one run. */
export interface RunFiles {
  name: string;
  exists: boolean;
  pid?: number;
  /** Whether the pid's process group has a live process (only when pid is set). */
  alive?: boolean;
  exitCode?: number;
  cancelled: boolean;
  slurmJob?: string;
  /** File (relative to the run folder) → bytes. */
  sizes: Record<string, number>;
}

/** Reads statusCommand's output; a run the output does not mention is reported as not existing. */
export function parseStatus(stdout: string, names: readonly string[]): RunFiles[] {
  const out: RunFiles[] = names.map((name) => ({ name, exists: false, cancelled: false, sizes: {} }));
  let cur: RunFiles | undefined;
  for (const line of stdout.split('\n')) {
    const [key, value = '', ...more] = line.split(' ');
    if (key === '@run') {
      cur = out[Number(value)];
      continue;
    }
    if (cur === undefined) continue;
    const num = value === '' ? undefined : Number(value);
    if (key === 'dir') cur.exists = value === '1';
    else if (key === 'pid' && num !== undefined) cur.pid = num;
    else if (key === 'alive') cur.alive = value === '1';
    else if (key === 'exit_code' && num !== undefined) cur.exitCode = num;
    else if (key === 'cancelled') cur.cancelled = true;
    else if (key === 'slurm_job' && value !== '') cur.slurmJob = value;
    else if (key === 'size' && num !== undefined && more.length) cur.sizes[more.join(' ')] = num;
  }
  return out;
}

/** Why a run is in its state, beyond the state itself: `lost` is a dead process group with no exit code. */
export interface RunStateDetail {
  state: RunState;
  lost?: boolean;
}

/**
 * The contract's state rule: cancelled wins; then exit_code (0 finished, else failed); then the
 * backend's view: ssh, a live process group is running and a dead one failed (lost); slurm, the
 * scheduler's (`scheduled`: remote/slurmState.ts maps Slurm's words; 'unknown' or absent when it
 * no longer knows the job). A folder with no pid or job yet is queued.
 */
export function runState(files: RunFiles, backend: Backend, scheduled?: RunState | 'unknown'): RunStateDetail {
  if (files.cancelled) return { state: 'cancelled' };
  if (files.exitCode !== undefined) return { state: files.exitCode === 0 ? 'finished' : 'failed' };
  if (backend === 'slurm') {
    if (files.slurmJob === undefined) return { state: 'queued' };
    // A job the scheduler has forgotten, or one it says completed, with no exit code written, ended without reaching it.
    if (scheduled === undefined || scheduled === 'unknown' || scheduled === 'finished') return { state: 'failed', lost: true };
    return { state: scheduled };
  }
  if (files.pid === undefined) return { state: 'queued' };
  return files.alive ? { state: 'running' } : { state: 'failed', lost: true };
}

/**
 * Cancels: writes `cancelled` first (the state reads cancelled even if the kill races the end),
 * sends TERM to the process group, and leaves a detached timer that sends KILL after `graceSeconds`
 * if any of the group is still there. Returns at once.
 */
export function cancelCommand(root: string, name: string, graceSeconds = 10): string {
  const grace = Math.max(0, Math.floor(graceSeconds));
  return [
    `cd ${shellPath(runPath(root, name))} || exit 2`,
    `date -u +%Y-%m-%dT%H:%M:%SZ > cancelled`,
    `p=$(tr -cd 0-9 < pid 2>/dev/null | head -c 12)`,
    `if [ -n "$p" ] && [ "$p" -gt 1 ]; then`,
    `  kill -TERM "-$p" 2>/dev/null`,
    `  setsid nohup sh -c 'sleep "$1"; kill -0 "-$2" 2>/dev/null && kill -KILL "-$2"' sh ${grace} "$p" </dev/null >/dev/null 2>&1 &`,
    `fi`,
    `echo cancelled`,
  ].join('\n');
}

/** Prints `path` from byte `offset` on (nothing when the file is absent): `tail -c +N` counts from 1. */
export function readFromCommand(path: string, offset: number): string {
  if (!Number.isInteger(offset) || offset < 0) throw new Error(`readFromCommand: bad offset ${offset}`);
  return `tail -c +${offset + 1} -- ${shellPath(path)} 2>/dev/null || true`;
}

/**
 * Lists the runs under ROOT: for each folder with a run.json, its name and run.json, each followed
 * by a NUL (names may hold any character but `/` and NUL). Parse with parseRunList.
 */
export function listRunsCommand(root: string): string {
  return [
    `cd ${shellPath(root)} 2>/dev/null || exit 0`,
    `for d in */; do d=\${d%/}; if [ -f "$d/run.json" ]; then printf '%s\\0' "$d"; cat -- "$d/run.json"; printf '\\0'; fi; done`,
  ].join('\n');
}

export function parseRunList(stdout: string): Array<{ name: string; record: RunRecord | undefined }> {
  const parts = stdout.split('\0');
  const out: Array<{ name: string; record: RunRecord | undefined }> = [];
  for (let i = 0; i + 1 < parts.length; i += 2) out.push({ name: parts[i], record: parseRunJson(parts[i + 1]) });
  return out;
}

/** `mkdir -p` of the run folder and its data/ (before the files are written). */
export function prepareCommand(root: string, name: string): string {
  return `mkdir -p -- ${shellPath(runPath(root, name, DATA_DIR))}`;
}
