// The "Training Runs" tree view: the hosts of the ssh config (and lexreview.ssh.extraHosts), each
// with the runs in its runs folder as listRuns finds them there (so after a reload every run still
// on a host is back, its state caught up), active runs first, each run's jobs (merge, generate)
// under it. A queued or running run is followed by its tracker, whose polls update its row
// (progress, ETA, the state it ends in). A host that cannot be reached shows ssh's reason as a row
// under it: no pop-up per host and refresh.
import * as vscode from 'vscode';
import { isActive } from '../../core/training/runText';
import { listRuns, type RunSummary } from '../../remote/runControl';
import { slurmScheduler } from '../../remote/runSlurm';
import type { HostShells } from './hostShells';
import type { RunTrackers } from './runTracker';
import { emptyItem, errorItem, hostItem, nestJobs, runItem, sortRuns, type HostListing, type ItemLook, type LiveRun } from './runsPresentation';
import { configuredHosts, trainingSettings } from './trainingSettings';

export const TRAINING_RUNS_VIEW = 'lexreview.trainingRuns';

/** Tree elements; run commands take a `run` node (host and name). */
export type RunsNode =
  | { kind: 'host'; host: string }
  | { kind: 'run'; host: string; name: string; run: RunSummary }
  | { kind: 'message'; host: string; look: ItemLook };

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Each host's listing, or the listing in flight. */
  private readonly listings = new Map<string, HostListing>();
  private readonly pending = new Map<string, Promise<HostListing>>();
  /** The hosts listed at least once: what knownRuns covers. */
  private readonly listed = new Set<string>();
  /** Each listing's runs nested once (every row asks whether it has jobs, at every poll's repaint). */
  private readonly nested = new WeakMap<readonly RunSummary[], ReturnType<typeof nestJobs>>();
  /** The tracker holds of the runs shown active, released when they end or the tree is refreshed. */
  private readonly holds = new Map<string, vscode.Disposable>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly shells: HostShells,
    private readonly trackers: RunTrackers,
  ) {
    this.subscription = trackers.onDidUpdate((t) => {
      if (!this.listings.get(t.host)?.runs?.some((r) => r.name === t.name)) return;
      if (!t.active) this.release(`${t.host}\n${t.name}`);
      this.changed.fire(undefined);
    });
  }

  /** Lists the host's runs again (every host's when undefined). */
  refresh(host?: string): void {
    for (const h of host === undefined ? [...this.listings.keys()] : [host]) this.listings.delete(h);
    this.changed.fire(undefined);
  }

  /**
   * The runs of every host the view has listed (for a command run from the palette). A host whose
   * listing a refresh dropped is listed again first (a job just started or imported refreshes its
   * host, and a command run right after must still see its runs).
   */
  async knownRuns(): Promise<RunSummary[]> {
    const listings = await Promise.all([...this.listed].map((host) => this.listing(host)));
    return listings.flatMap((l) => l.runs ?? []);
  }

  private live(run: RunSummary): LiveRun | undefined {
    const u = this.trackers.find(run.host, run.name)?.latest;
    return u ? { state: u.state, progress: u.progress } : undefined;
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    const t = vscode.l10n.t;
    if (node.kind === 'host') {
      const item = toItem(hostItem(t, node.host, this.listings.get(node.host), (r) => this.live(r)), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `host:${node.host}`;
      return item;
    }
    if (node.kind === 'message') return toItem(node.look, vscode.TreeItemCollapsibleState.None);
    // A run with jobs opens on them: a job just started is what the user wants to see.
    const jobs = this.jobsOf(node.host, node.name).length > 0;
    const item = toItem(runItem(t, node.run, this.live(node.run)), jobs ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    // VS Code keeps a row's collapsed state by id, and a row that had no children comes back
    // collapsed when its first job appears: with jobs it is a new row, which opens as asked.
    item.id = `run:${node.host}:${node.name}${jobs ? ':with-jobs' : ''}`;
    item.command = { command: 'lexreview.showTrainingRun', title: t('Show Run'), arguments: [node] };
    return item;
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    if (!node) {
      // No host: the view's welcome text says where hosts come from.
      return configuredHosts().map((host) => ({ kind: 'host', host }));
    }
    if (node.kind === 'run') return this.runNodes(node.host, this.jobsOf(node.host, node.name));
    if (node.kind !== 'host') return [];
    const listing = await this.listing(node.host);
    if (listing.error !== undefined) return [{ kind: 'message', host: node.host, look: errorItem(listing.error) }];
    if (listing.runs.length === 0) return [{ kind: 'message', host: node.host, look: emptyItem(vscode.l10n.t, trainingSettings().root) }];
    return this.runNodes(node.host, this.nesting(listing.runs).top);
  }

  private nesting(runs: readonly RunSummary[]): ReturnType<typeof nestJobs> {
    let n = this.nested.get(runs);
    if (!n) this.nested.set(runs, (n = nestJobs(runs)));
    return n;
  }

  private runNodes(host: string, runs: readonly RunSummary[]): RunsNode[] {
    return sortRuns(runs, (r) => this.live(r)).map((run) => ({ kind: 'run', host, name: run.name, run }));
  }

  /** The jobs listed under run `name` of `host` (none before the host is listed). */
  private jobsOf(host: string, name: string): RunSummary[] {
    const runs = this.listings.get(host)?.runs;
    return runs ? (this.nesting(runs).jobsOf.get(name) ?? []) : [];
  }

  private listing(host: string): Promise<HostListing> {
    this.listed.add(host);
    const cached = this.listings.get(host);
    if (cached) return Promise.resolve(cached);
    let p = this.pending.get(host);
    if (!p) {
      p = (async (): Promise<HostListing> => {
        try {
          const runs = await listRuns(this.shells.get(host), trainingSettings().root, { scheduler: slurmScheduler });
          return { runs };
        } catch (e) {
          return { error: e instanceof Error ? e.message : String(e) };
        }
      })().then((l) => {
        this.pending.delete(host);
        this.listings.set(host, l);
        this.follow(l);
        // The host's row (made before the listing came) shows its counts now; the listing is cached, so this asks ssh nothing.
        this.changed.fire(undefined);
        return l;
      });
      this.pending.set(host, p);
    }
    return p;
  }

  /** The runs listed queued or running are followed, so their rows move (and end) without a refresh. */
  private follow(listing: HostListing): void {
    for (const run of listing.runs ?? []) {
      const key = `${run.host}\n${run.name}`;
      if (!isActive(run.state.state) || this.holds.has(key) || !run.record) continue;
      this.holds.set(key, this.trackers.get(run.host, run.name, run.record.backend).hold());
    }
  }

  private release(key: string): void {
    this.holds.get(key)?.dispose();
    this.holds.delete(key);
  }

  dispose(): void {
    for (const key of [...this.holds.keys()]) this.release(key);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function toItem(look: ItemLook, state: vscode.TreeItemCollapsibleState): vscode.TreeItem {
  const item = new vscode.TreeItem(look.label, state);
  item.description = look.description;
  item.tooltip = look.tooltip;
  item.iconPath = new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
  item.contextValue = look.contextValue;
  item.accessibilityInformation = { label: look.ariaLabel };
  return item;
}
