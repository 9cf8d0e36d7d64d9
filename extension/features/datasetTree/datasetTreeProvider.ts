// The "Datasets" view: the workspace's dataset files, grouped by folder, each described by its
// record count and layout once scanned. Files are found with findFiles (the include/exclude
// settings), scanned one at a time in the background (datasetProbe.ts), and re-scanned only
// when a file system watcher says they changed. Files that are not datasets are never shown.
//
// The tree's elements are vscode.Uri objects (a file, or the folder of a group), so the context
// menu hands the existing dataset commands the Uri they expect.
import * as vscode from 'vscode';
import { formatCount } from '../../core/dataset/statsText';
import { stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { withFile } from '../../core/dataset/reader';
import { CancelledError } from '../../core/progress';
import { datasetDescription, datasetTooltip, groupByFolder, type Placed } from './datasetPresentation';
import { probeDataset, type DatasetProbe } from './datasetProbe';

export const DATASETS_VIEW = 'lexreview.datasets';
const DEFAULT_INCLUDE = '**/*.{json,jsonl}';
const DEFAULT_EXCLUDE = '**/node_modules/**';
/** Watcher events are gathered for this long before anything is re-scanned. */
const DEBOUNCE_MS = 300;
/** The tree is redrawn at most this often while a scan pass runs. */
const RENDER_MS = 100;
/** findFiles stops here: a workspace with more candidate files shows the first ones. */
const MAX_FILES = 10_000;

interface FileEntry extends Placed {
  uri: vscode.Uri;
  /** mtime and size of the version scanned; undefined until scanned, or when a re-scan is due. */
  stamp: string | undefined;
  /** Bumped when the file changes, so a scan that was running meanwhile does not count as current. */
  version: number;
  /** Undefined: not scanned yet, or not a dataset. */
  scan: DatasetProbe | undefined;
}

interface GroupNode {
  uri: vscode.Uri;
  label: string;
  children: vscode.Uri[];
}

function settings(): { include: string; exclude: string } {
  const config = vscode.workspace.getConfiguration('lexreview.datasets');
  return {
    include: config.get<string>('include')?.trim() || DEFAULT_INCLUDE,
    exclude: config.get<string>('exclude', DEFAULT_EXCLUDE).trim(),
  };
}

export class DatasetTreeProvider implements vscode.TreeDataProvider<vscode.Uri>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  /** Every candidate file found, by uri.toString(). */
  private files = new Map<string, FileEntry>();
  private groups = new Map<string, GroupNode>();
  private roots: vscode.Uri[] = [];
  private truncated = false;

  /** Files waiting for a scan, in tree order. */
  private readonly queue = new Set<string>();
  private worker: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private started = false;
  private syncGeneration = 0;
  private syncing = false;

  private watchers: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private debounceTimer: ReturnType<typeof setTimeout> | undefined;
  private renderTimer: ReturnType<typeof setTimeout> | undefined;
  private changedKeys = new Set<string>();
  private deletedKeys = new Set<string>();
  private needSync = false;
  private view: vscode.TreeView<vscode.Uri> | undefined;
  private messageAt = 0;

  attach(view: vscode.TreeView<vscode.Uri>): void {
    this.view = view;
    this.updateMessage();
  }

  /** Finds the files again and re-scans every one of them. */
  refresh(): void {
    if (!this.started) this.start();
    else void this.sync(true);
  }

  getTreeItem(element: vscode.Uri): vscode.TreeItem {
    const key = element.toString();
    const group = this.groups.get(key);
    if (group) {
      const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `folder:${key}`;
      item.resourceUri = group.uri;
      item.iconPath = vscode.ThemeIcon.Folder;
      item.contextValue = 'folder';
      return item;
    }
    const entry = this.files.get(key);
    const item = new vscode.TreeItem(posix.basename(entry?.relPath ?? element.path));
    item.id = key;
    item.resourceUri = element;
    const scan = entry?.scan;
    if (entry && scan) {
      const path = entry.folderName !== undefined && this.multiRoot() ? `${entry.folderName}/${entry.relPath}` : entry.relPath;
      item.description = datasetDescription(vscode.l10n.t, scan);
      item.tooltip = datasetTooltip(vscode.l10n.t, path, scan);
      item.iconPath =
        scan.kind === 'malformed' ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')) : vscode.ThemeIcon.File;
    }
    item.contextValue = 'dataset';
    item.command = { command: 'vscode.openWith', title: vscode.l10n.t('Open Dataset'), arguments: [element, 'lexreview.datasetEditor'] };
    return item;
  }

  getChildren(element?: vscode.Uri): vscode.Uri[] {
    if (!this.started) this.start();
    if (element === undefined) return this.roots;
    return this.groups.get(element.toString())?.children ?? [];
  }

  getParent(element: vscode.Uri): vscode.Uri | undefined {
    if (this.groups.has(element.toString())) return undefined;
    const dir = element.with({ path: posix.dirname(element.path) });
    return this.groups.get(dir.toString())?.uri;
  }

  dispose(): void {
    this.abort.abort();
    clearTimeout(this.debounceTimer);
    clearTimeout(this.renderTimer);
    for (const d of [...this.watchers, ...this.subscriptions, this.changeEmitter]) d.dispose();
  }

  /** Called once the view first asks for its items: nothing is scanned while nobody looks. */
  private start(): void {
    this.started = true;
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('lexreview.datasets')) return;
        this.watch();
        void this.sync(false);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watch();
        void this.sync(false);
      }),
    );
    this.watch();
    void this.sync(false);
  }

  private multiRoot(): boolean {
    return (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  }

  // ---- finding files ------------------------------------------------------------------------

  /** Finds the candidate files; queues the new ones, and all of them when `force`. */
  private async sync(force: boolean): Promise<void> {
    const generation = ++this.syncGeneration;
    this.syncing = true;
    this.updateMessage();
    try {
      const folders = vscode.workspace.workspaceFolders ?? [];
      const { include, exclude } = settings();
      const found = folders.length === 0 ? [] : await vscode.workspace.findFiles(include, exclude || undefined, MAX_FILES);
      if (generation !== this.syncGeneration) return;
      this.truncated = found.length >= MAX_FILES;
      const next = new Map<string, FileEntry>();
      for (const uri of found) {
        if (uri.scheme !== 'file') continue; // scanned through the file system; remote schemes are not supported
        const key = uri.toString();
        const entry = this.files.get(key) ?? { uri, relPath: '', stamp: undefined, version: 0, scan: undefined };
        entry.relPath = vscode.workspace.asRelativePath(uri, false);
        entry.folderName = vscode.workspace.getWorkspaceFolder(uri)?.name;
        if (force) this.invalidate(entry);
        next.set(key, entry);
      }
      this.files = next;
      this.queue.clear();
      // Scanned in the order they are listed; unchanged files are skipped after a stat.
      const order = [...next.entries()].sort(([, a], [, b]) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
      for (const [key] of order) this.queue.add(key);
      this.scheduleRender();
      this.kick();
    } finally {
      if (generation === this.syncGeneration) this.syncing = false;
      this.updateMessage();
    }
  }

  private invalidate(entry: FileEntry): void {
    entry.stamp = undefined;
    entry.version++;
  }

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const { include } = settings();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      // Changes of candidate files; creations and deletions of anything. A folder created or
      // deleted with files in it may be reported as that one folder, without its files.
      const files = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, include), true, false, true);
      const all = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**'), false, true, false);
      this.watchers.push(
        files,
        all,
        all.onDidCreate(() => {
          // findFiles says what is new and whether the settings include it; a burst of
          // creations (an unzip, npm install) costs one search once it is over.
          this.needSync = true;
          this.debounce();
        }),
        files.onDidChange((uri) => {
          const key = uri.toString();
          if (!this.files.has(key)) return;
          this.changedKeys.add(key);
          this.debounce();
        }),
        all.onDidDelete((uri) => {
          this.deletedKeys.add(uri.toString());
          this.debounce();
        }),
      );
    }
  }

  private debounce(): void {
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => this.flush(), DEBOUNCE_MS);
  }

  /** Applies the watcher events gathered: drops deleted files, re-scans changed ones, finds new ones. */
  private flush(): void {
    const deleted = this.deletedKeys;
    const changed = this.changedKeys;
    this.deletedKeys = new Set();
    this.changedKeys = new Set();
    if (deleted.size > 0) {
      let removed = false;
      for (const key of this.files.keys()) {
        if (isUnder(key, deleted)) {
          this.files.delete(key);
          this.queue.delete(key);
          removed = true;
        }
      }
      if (removed) this.scheduleRender();
    }
    for (const key of changed) {
      const entry = this.files.get(key);
      if (!entry) continue;
      this.invalidate(entry);
      this.queue.add(key);
    }
    if (this.needSync) {
      this.needSync = false;
      void this.sync(false);
    }
    this.kick();
  }

  // ---- scanning -----------------------------------------------------------------------------

  private kick(): void {
    if (this.worker || this.queue.size === 0) return;
    const worker = Promise.resolve()
      .then(() => this.work())
      .finally(() => {
        this.worker = undefined;
        this.scheduleRender();
        this.updateMessage();
        if (!this.abort.signal.aborted) this.kick();
      });
    this.worker = worker;
    // The view's own progress bar while a pass runs.
    void vscode.window.withProgress({ location: { viewId: DATASETS_VIEW } }, () => worker);
  }

  /** Scans the queued files one after the other. */
  private async work(): Promise<void> {
    for (;;) {
      if (this.abort.signal.aborted) return;
      const key: string | undefined = this.queue.values().next().value;
      if (key === undefined) return;
      this.queue.delete(key);
      const entry = this.files.get(key);
      if (!entry) continue;
      if (Date.now() - this.messageAt >= RENDER_MS) this.updateMessage();
      await this.scanEntry(key, entry);
    }
  }

  private async scanEntry(key: string, entry: FileEntry): Promise<void> {
    const version = entry.version;
    let stamp: string | undefined;
    let scan: DatasetProbe | undefined;
    try {
      const st = await stat(entry.uri.fsPath);
      stamp = `${st.mtimeMs}:${st.size}`;
      if (stamp === entry.stamp) return; // unchanged since its last scan
      const fileName = posix.basename(entry.uri.path);
      scan = await withFile(entry.uri.fsPath, (source) => probeDataset(source, fileName, { signal: this.abort.signal }));
    } catch (e) {
      if (e instanceof CancelledError) return;
      // Gone or unreadable: not shown (a watcher event brings it back when it changes).
      scan = undefined;
    }
    if (this.files.get(key) !== entry) return; // removed meanwhile
    // A change during the scan queued the file again; this result is already stale.
    entry.stamp = entry.version === version ? stamp : undefined;
    if (entry.scan !== undefined || scan !== undefined) {
      entry.scan = scan;
      this.scheduleRender();
    }
  }

  // ---- showing ------------------------------------------------------------------------------

  private scheduleRender(): void {
    if (this.renderTimer !== undefined) return;
    this.renderTimer = setTimeout(() => {
      this.renderTimer = undefined;
      this.render();
    }, RENDER_MS);
  }

  private render(): void {
    const shown = [...this.files.values()].filter((e) => e.scan !== undefined);
    const groups = new Map<string, GroupNode>();
    const roots: vscode.Uri[] = [];
    for (const g of groupByFolder(shown, this.multiRoot())) {
      const children = g.items.map((e) => e.uri);
      if (g.label === undefined) {
        roots.push(...children);
        continue;
      }
      const first = g.items[0].uri;
      const dir = first.with({ path: posix.dirname(first.path) });
      const key = dir.toString();
      // The same Uri object as before, so the view keeps the element (and its expansion).
      const uri = this.groups.get(key)?.uri ?? dir;
      groups.set(key, { uri, label: g.label, children });
      roots.push(uri);
    }
    this.groups = groups;
    this.roots = roots; // folders first, then the top-level files (groupByFolder's order)
    this.changeEmitter.fire();
    this.updateMessage();
  }

  private updateMessage(): void {
    if (!this.view) return;
    const busy = this.syncing || this.worker !== undefined || this.queue.size > 0;
    let message: string | undefined;
    if ((vscode.workspace.workspaceFolders?.length ?? 0) === 0) {
      message = vscode.l10n.t('Open a folder to see the datasets in it.');
    } else if (busy) {
      message = vscode.l10n.t('Scanning for datasets… {0} file(s) to go', this.queue.size + (this.worker ? 1 : 0));
    } else if (this.roots.length === 0) {
      message = vscode.l10n.t('No datasets found in the files matching {0}.', settings().include);
    } else if (this.truncated) {
      message = vscode.l10n.t('Only the first {0} matching files were scanned.', formatCount(MAX_FILES));
    }
    this.messageAt = Date.now();
    if (this.view.message !== message) this.view.message = message;
  }
}

/** Whether the file `key` is, or is inside, one of the deleted uris. */
function isUnder(key: string, deleted: ReadonlySet<string>): boolean {
  for (let k = key; ; ) {
    if (deleted.has(k)) return true;
    const slash = k.lastIndexOf('/');
    if (slash <= 'file:///'.length) return false;
    k = k.slice(0, slash);
  }
}
