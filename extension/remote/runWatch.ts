// Watching one run: each poll is one round trip on the reused connection (pollCommand: the status
// block and only the bytes the logs grew by since the last poll), fed to incremental readers, so an
// idle run transfers nothing but its status. Points come from LLaMA-Factory's trainer_log.jsonl when
// the run writes one, else from the HF Trainer's dict lines in train.log (ChatGLM's P-tuning script,
// custom commands); the raw train.log text goes to whoever shows it (the output channel, `runs log`).
// Node only.
import { translate } from '../core/l10n';
import { parseStatus, RUN_FILES, runPath, runState, statusCommand, type Backend, type RunFiles, type RunStateDetail } from '../core/training/runFolder';
import { DEFAULT_POLL_BYTES, parsePoll, pollCommand } from '../core/training/runPoll';
import { TrainLogReader, trainProgress, type TrainPoint, type TrainProgress } from '../core/training/trainerLog';
import { RunControlError, type SchedulerStates, type SchedulerView } from './runControl';
import type { RemoteShell } from './shell';

export interface WatchUpdate {
  files: RunFiles;
  state: RunStateDetail;
  /** Every point so far (the list only grows, except when the source switches to trainer_log.jsonl). */
  points: readonly TrainPoint[];
  /** Points added by this poll; undefined when `points` was replaced as a whole. */
  added: readonly TrainPoint[] | undefined;
  progress: TrainProgress;
  /** train.log text that arrived with this poll. */
  log: string;
  /** Log bytes this poll brought from the host (0 on an idle run). */
  bytesRead: number;
}

export class RunWatch {
  private readonly trainerLog = new TrainLogReader('trainer-log');
  private readonly stdout = new TrainLogReader('stdout');
  private readonly logText = new TextDecoder('utf-8');
  private logOffset = 0;
  private readonly fromTrainerLog: TrainPoint[] = [];
  private readonly fromStdout: TrainPoint[] = [];
  /** The run's Slurm job, once a status read showed it. */
  private jobId: string | undefined;

  constructor(
    readonly shell: RemoteShell,
    readonly root: string,
    readonly name: string,
    readonly backend: Backend,
    private readonly scheduler?: SchedulerStates,
    private readonly maxBytes = DEFAULT_POLL_BYTES,
  ) {}

  /** Every point so far, from the better source. */
  get points(): readonly TrainPoint[] {
    return this.fromTrainerLog.length > 0 ? this.fromTrainerLog : this.fromStdout;
  }

  async poll(opts: { signal?: AbortSignal; now?: number } = {}): Promise<WatchUpdate> {
    const now = opts.now ?? Date.now();
    // Slurm: the scheduler is asked first, then the run folder and the logs in one round trip. A job
    // that ends in between has its exit_code (and its last log lines) in what is read second, so it
    // is never taken for lost nor cut short. The job id comes from the folder's first status read.
    let view: SchedulerView | undefined;
    if (this.backend === 'slurm' && this.scheduler) {
      if (this.jobId === undefined) {
        const first = await this.shell.run(statusCommand(this.root, [this.name]), { signal: opts.signal });
        this.jobId = first.code === 0 ? parseStatus(first.stdout.toString(), [this.name])[0].slurmJob : undefined;
      }
      if (this.jobId !== undefined) view = (await this.scheduler(this.shell, [{ id: this.jobId, runDir: runPath(this.root, this.name) }])).get(this.jobId);
    }
    const offsets = { [RUN_FILES.log]: this.logOffset, [RUN_FILES.trainerLog]: this.trainerLog.cursor.nextOffset };
    const r = await this.shell.run(pollCommand(this.root, this.name, offsets, this.maxBytes), { signal: opts.signal });
    if (r.code !== 0) throw new RunControlError(translate('Cannot read run {0} on {1}: {2}', this.name, this.shell.host, r.stderr.trim()));
    const { status, chunks } = parsePoll(r.stdout, this.name);
    if (!status.exists) throw new RunControlError(translate("{0} has no run named '{1}' in {2}.", this.shell.host, this.name, this.root));
    let bytesRead = 0;
    const before = this.points;
    const beforeLength = before.length;

    let log = '';
    const logChunk = chunks[RUN_FILES.log];
    if (logChunk) {
      bytesRead += logChunk.bytes.length;
      // A shorter file than last time was rewritten: read it as new (the readers keep their points).
      this.logOffset = logChunk.offset + logChunk.bytes.length;
      log = this.logText.decode(logChunk.bytes, { stream: true });
      this.fromStdout.push(...this.stdout.feed(logChunk.bytes, now));
    }
    const jsonl = chunks[RUN_FILES.trainerLog];
    if (jsonl) {
      bytesRead += jsonl.bytes.length;
      this.fromTrainerLog.push(...this.trainerLog.feed(jsonl.bytes, now));
    }
    const ended = status.exitCode !== undefined || status.cancelled;
    if (ended) {
      // The last line of a log written without a final newline.
      this.fromStdout.push(...this.stdout.flush(now));
      this.fromTrainerLog.push(...this.trainerLog.flush(now));
    }

    const scheduled = this.backend === 'slurm' && status.slurmJob !== undefined && !ended ? view?.state : undefined;
    const points = this.points;
    const added = points === before ? points.slice(beforeLength) : undefined;
    const totals = this.fromTrainerLog.length > 0 ? this.trainerLog.totals : this.stdout.totals;
    return {
      files: status,
      state: runState(status, this.backend, scheduled),
      points,
      added,
      progress: trainProgress(points, totals, now),
      log,
      bytesRead,
    };
  }
}
