// Following one run on its host: a RunWatch (each poll one round trip, only the new log bytes)
// polled every lexreview.training.pollSeconds while someone holds the tracker (its panel is open,
// or the tree shows it queued or running) and the run can still change; the last poll, once the
// run has ended, brings the log's tail, and polling stops. The raw train.log goes to the run's
// output channel ("LexReview: NAME"). One tracker per run for the window: the tree and the panel
// share its polls.
import * as vscode from 'vscode';
import { DEFAULT_POLL_BYTES } from '../../core/training/runPoll';
import type { Backend } from '../../core/training/runFolder';
import { isActive } from '../../core/training/runText';
import { slurmScheduler } from '../../remote/runSlurm';
import { RunWatch, type WatchUpdate } from '../../remote/runWatch';
import type { HostShells } from './hostShells';
import { trainingSettings } from './trainingSettings';

export class RunTracker implements vscode.Disposable {
  /** The last poll's result; undefined before the first. */
  latest: WatchUpdate | undefined;
  /** Why the last poll failed (the host unreachable …); cleared by the next good poll. */
  error: string | undefined;
  readonly output: vscode.OutputChannel;

  private readonly watch: RunWatch;
  private readonly holders = new Set<symbol>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private disposed = false;

  constructor(
    readonly host: string,
    readonly name: string,
    backend: Backend,
    shells: HostShells,
    root: string,
    private readonly onUpdate: (tracker: RunTracker) => void,
  ) {
    this.watch = new RunWatch(shells.get(host), root, name, backend, slurmScheduler);
    this.output = vscode.window.createOutputChannel(vscode.l10n.t('LexReview: {0}', name));
  }

  /** Whether the run may still change (or has not been polled yet). */
  get active(): boolean {
    return this.latest === undefined || isActive(this.latest.state.state);
  }

  /** Keeps the tracker polling until the returned disposable is disposed. */
  hold(): vscode.Disposable {
    const token = Symbol('holder');
    this.holders.add(token);
    this.schedule(this.latest === undefined ? 0 : trainingSettings().pollMs);
    return { dispose: () => this.holders.delete(token) };
  }

  /** Polls now (or joins the poll in flight), then carries on at the interval. */
  pollNow(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.inFlight = (async () => {
      let catchingUp = false;
      try {
        const u = await this.watch.poll();
        this.latest = u;
        this.error = undefined;
        if (u.log) this.output.append(u.log);
        // A log longer than one poll's slice (a long run's first poll): read on at once.
        catchingUp = u.bytesRead >= DEFAULT_POLL_BYTES;
      } catch (e) {
        this.error = e instanceof Error ? e.message : String(e);
      } finally {
        this.inFlight = undefined;
      }
      if (this.disposed) return;
      this.onUpdate(this);
      this.schedule(catchingUp ? 0 : trainingSettings().pollMs);
    })();
    return this.inFlight;
  }

  private schedule(delay: number): void {
    if (this.disposed || this.timer || this.inFlight || this.holders.size === 0) return;
    // An ended run's last poll read its tail: nothing more will come (catching up goes on, though).
    if (!this.active && delay > 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.holders.size > 0) void this.pollNow();
    }, delay);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.output.dispose();
  }
}

/** The window's trackers, one per host and run name. */
export class RunTrackers implements vscode.Disposable {
  private readonly trackers = new Map<string, RunTracker>();
  private readonly changed = new vscode.EventEmitter<RunTracker>();
  /** After every poll of any tracker. */
  readonly onDidUpdate = this.changed.event;

  constructor(private readonly shells: HostShells) {}

  get(host: string, name: string, backend: Backend): RunTracker {
    const key = `${host}\n${name}`;
    let t = this.trackers.get(key);
    if (!t) {
      t = new RunTracker(host, name, backend, this.shells, trainingSettings().root, (x) => this.changed.fire(x));
      this.trackers.set(key, t);
    }
    return t;
  }

  find(host: string, name: string): RunTracker | undefined {
    return this.trackers.get(`${host}\n${name}`);
  }

  dispose(): void {
    for (const t of this.trackers.values()) t.dispose();
    this.trackers.clear();
    this.changed.dispose();
  }
}
