// Where a Slurm job is, from what the host's Slurm says about it. One round trip asks everything
// (jobStatesCommand): `squeue -t all` first — the controller's own view, fresh, and it still lists a
// finished job for MinJobAge (300 s by default); then `sacct`, which remembers every job when the
// cluster keeps accounting (slurmdbd); when it does not (sacct says "Slurm accounting storage is
// disabled", as on a single node without slurmdbd), `scontrol show job` for the exit codes the
// controller still has. Last, the run folder's `exit_code`, which the job itself writes and which
// outlives everything Slurm forgets. Each section of the reply starts with a marker line no Slurm
// command prints, so the reply parses without guessing.
import { shellCommand, shellQuote } from '../core/training/shellQuote';
import { translate } from '../core/l10n';
import { noSlurm, unavailable } from './slurmError';
import { inRunDir } from './slurmScript';
import type { RunState } from '../core/training/runFolder';

/** A run's state as the Training Runs view shows it. */
/** The run states of core/training/runFolder.ts: a Slurm job is one of a run's backends. */
export type SlurmRunState = RunState;

export interface SlurmJobState {
  id: string;
  /** 'unknown': neither the controller, nor accounting, nor the run folder knows how the job ended. */
  state: SlurmRunState | 'unknown';
  /** Slurm's own word (PENDING, TIMEOUT, OUT_OF_MEMORY …), for the tooltip; absent when Slurm forgot the job. */
  slurmState?: string;
  /** squeue's reason (Priority, Resources, ReqNodeNotAvail …): why a job waits. */
  reason?: string;
  /** The command's exit status: the run folder's exit_code, else Slurm's (128 + signal when killed). */
  exitCode?: number;
  /** Who told: the first source that knew the job. */
  source: 'squeue' | 'sacct' | 'scontrol' | 'exit_code' | 'none';
}

/** Slurm's job states (squeue/sacct long names) → the run's state. */
const STATES: Record<string, SlurmRunState> = {
  PENDING: 'queued',
  REQUEUED: 'queued',
  REQUEUE_FED: 'queued',
  REQUEUE_HOLD: 'queued',
  RESV_DEL_HOLD: 'queued',
  // Nodes are being booted for it: allocated, but command.sh has not started.
  CONFIGURING: 'queued',
  // Suspended by an admin or gang scheduling: it will go on, nothing of it runs now.
  SUSPENDED: 'queued',
  STOPPED: 'queued',
  RUNNING: 'running',
  // The script ended and Slurm is cleaning up; exit_code is usually there already.
  COMPLETING: 'running',
  SIGNALING: 'running',
  STAGE_OUT: 'running',
  RESIZING: 'running',
  COMPLETED: 'finished',
  CANCELLED: 'cancelled',
  FAILED: 'failed',
  TIMEOUT: 'failed',
  OUT_OF_MEMORY: 'failed',
  NODE_FAIL: 'failed',
  BOOT_FAIL: 'failed',
  DEADLINE: 'failed',
  // Preempted for a job of higher priority and not requeued: it ended without finishing.
  PREEMPTED: 'failed',
  SPECIAL_EXIT: 'failed',
  REVOKED: 'failed',
};

/** The run state of a Slurm state word; sacct writes `CANCELLED by 0`, squeue short codes are not used. */
export function runStateOf(slurmState: string): SlurmRunState | undefined {
  return STATES[slurmState.trim().split(/\s+/)[0]?.toUpperCase() ?? ''];
}

/** `7:0` (exit:signal, as sacct and scontrol write it) → 7; `0:15` → 143, a shell's way to say killed by signal 15. */
export function parseExitCode(text: string): number | undefined {
  const m = /^(\d+):(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[2]) === 0 ? Number(m[1]) : 128 + Number(m[2]);
}

interface Known {
  slurmState: string;
  reason?: string;
  exitCode?: number;
}

export const SQUEUE_FORMAT = '%i|%T|%r';

/** Lines of `squeue -h -o '%i|%T|%r'`: id, long state, reason (the reason last: it is free text). */
export function parseSqueue(text: string): Map<string, Known> {
  const jobs = new Map<string, Known>();
  for (const line of text.split('\n')) {
    const m = /^(\d+(?:_\d+)?)\|([A-Z_]+)\|(.*)$/.exec(line.trim());
    if (m) jobs.set(m[1], { slurmState: m[2], reason: m[3] === 'None' ? undefined : m[3] });
  }
  return jobs;
}

export const SACCT_FIELDS = 'JobID,State,ExitCode';

/** Lines of `sacct -n -P -X -o JobID,State,ExitCode`; with accounting off sacct prints only its complaint: no rows. */
export function parseSacct(text: string): Map<string, Known> {
  const jobs = new Map<string, Known>();
  for (const line of text.split('\n')) {
    const m = /^(\d+(?:_\d+)?)\|([A-Z_]+(?: by \d+)?)\|(\d+:\d+)$/.exec(line.trim());
    if (m) jobs.set(m[1], { slurmState: m[2].split(' ')[0], exitCode: parseExitCode(m[3]) });
  }
  return jobs;
}

/** `scontrol -o show job ID`: one line of Key=Value fields per job. */
export function parseScontrol(text: string): Map<string, Known> {
  const jobs = new Map<string, Known>();
  for (const line of text.split('\n')) {
    const id = /^JobId=(\d+)\s/.exec(line)?.[1];
    if (!id) continue;
    // JobName comes before these fields and may hold anything, so they are read after the first
    // UserId=…(uid) — the field that follows JobName — and never before it.
    const after = line.slice(line.search(/ UserId=\S*\(\d+\) GroupId=/) + 1);
    const state = / JobState=([A-Z_]+) Reason=(\S+)/.exec(' ' + after);
    if (!state) continue;
    const exit = / ExitCode=(\d+:\d+) /.exec(' ' + after + ' ');
    jobs.set(id, { slurmState: state[1], reason: state[2] === 'None' ? undefined : state[2], exitCode: exit ? parseExitCode(exit[1]) : undefined });
  }
  return jobs;
}

/** A job id as sbatch --parsable prints it (`123`, an array task `123_4`); anything else is refused. */
export function checkJobId(id: string): string {
  if (!/^\d+(?:_\d+)?$/.test(id)) throw new Error(translate('Not a Slurm job id: {0}', id));
  return id;
}

export interface JobQuery {
  id: string;
  /** The run folder: its exit_code is read in the same round trip. */
  runDir?: string;
}

const MARK = '@lexreview';

/** States in which a job is still the controller's business: squeue's answer is all there is to know. */
const LIVE = Object.keys(STATES).filter((k) => STATES[k] === 'queued' || STATES[k] === 'running');

/**
 * The one command line that asks squeue, then — only for the jobs squeue does not show queued or
 * running, so a poll of live runs never touches accounting — sacct (else scontrol), and the run
 * folders' exit_code, about `jobs`.
 */
export function jobStatesCommand(jobs: readonly JobQuery[]): string {
  const ids = jobs.map((j) => checkJobId(j.id));
  const mark = (section: string) => `printf '%s\\n' ${shellQuote(`${MARK} ${section}`)}`;
  const status = `printf '${MARK} status %s\\n' "$s"`;
  // A squeue line is `ID|STATE|reason`; matched after a newline, so job 1 never matches job 11.
  const live = LIVE.map((state) => `*"\n$id|${state}|"*`).join('|');
  const lines = [
    'command -v squeue >/dev/null 2>&1 || exit 127',
    `q=$(${shellCommand(['squeue', '-h', '-t', 'all', '-j', ids.join(','), '-o', SQUEUE_FORMAT])} 2>&1); s=$?`,
    `${mark('squeue')}; printf '%s\\n' "$q"; ${status}`,
    'rest=',
    `for id in ${ids.join(' ')}; do case "\n$q" in ${live}) ;; *) rest="\${rest:+$rest,}$id" ;; esac; done`,
    'if [ -n "$rest" ]; then',
    `  ${mark('sacct')}; sacct -n -P -X -j "$rest" -o ${SACCT_FIELDS} 2>&1; s=$?; ${status}`,
    `  if [ "$s" != 0 ]; then ${mark('scontrol')}; for id in $(printf '%s' "$rest" | tr , ' '); do scontrol -o show job "$id" 2>&1; done; fi`,
    'fi',
    ...jobs
      .filter((j) => j.runDir !== undefined)
      .map((j) => `${mark(`exit_code ${j.id}`)}; cat ${shellQuote(inRunDir(j.runDir!, 'exit_code'))} 2>/dev/null; echo`),
  ];
  return lines.join('\n');
}

/** Splits the reply of jobStatesCommand into its sections (`squeue`, `sacct`, `exit_code 17` …) and their exit statuses. */
function sections(text: string): { body: Map<string, string>; status: Map<string, number> } {
  const body = new Map<string, string>();
  const status = new Map<string, number>();
  let current = '';
  for (const line of text.split('\n')) {
    if (line.startsWith(`${MARK} status `)) status.set(current, Number(line.slice(MARK.length + 8)));
    else if (line.startsWith(`${MARK} `)) body.set((current = line.slice(MARK.length + 1)), '');
    else if (current) body.set(current, body.get(current) + line + '\n');
  }
  return { body, status };
}

/** The states of `jobs` from the reply of jobStatesCommand; throws when Slurm is missing or did not answer. */
export function parseJobStates(host: string, jobs: readonly JobQuery[], code: number, stdout: string, stderr = ''): Map<string, SlurmJobState> {
  if (code === 127) throw noSlurm(host, stderr);
  const { body, status } = sections(stdout);
  const squeueText = body.get('squeue') ?? '';
  const squeue = parseSqueue(squeueText);
  // squeue exits 1 with "Invalid job id specified" when it knows none of the ids: that is an answer.
  if (code !== 0 || !body.has('squeue') || (status.get('squeue') !== 0 && !/Invalid job id specified/i.test(squeueText))) {
    throw unavailable(host, squeueText + stderr);
  }
  const sacct = parseSacct(body.get('sacct') ?? '');
  const scontrol = parseScontrol(body.get('scontrol') ?? '');
  const result = new Map<string, SlurmJobState>();
  for (const { id } of jobs) {
    const fileText = body.get(`exit_code ${id}`)?.trim();
    const fileCode = fileText && /^\d+$/.test(fileText) ? Number(fileText) : undefined;
    const sources = [
      ['squeue', squeue.get(id)],
      ['sacct', sacct.get(id)],
      ['scontrol', scontrol.get(id)],
    ] as const;
    const known = sources.find(([, k]) => k !== undefined);
    const slurmExit = sources.map(([, k]) => k?.exitCode).find((c) => c !== undefined);
    if (known) {
      const [source, k] = known;
      const state = runStateOf(k!.slurmState) ?? 'unknown';
      const ended = state === 'finished' || state === 'failed' || state === 'cancelled';
      result.set(id, {
        id,
        state,
        slurmState: k!.slurmState,
        reason: k!.reason,
        exitCode: fileCode ?? (ended ? slurmExit : undefined),
        source,
      });
    } else if (fileCode !== undefined) {
      result.set(id, { id, state: fileCode === 0 ? 'finished' : 'failed', exitCode: fileCode, source: 'exit_code' });
    } else {
      result.set(id, { id, state: 'unknown', source: 'none' });
    }
  }
  return result;
}
