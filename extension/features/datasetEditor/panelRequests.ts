// Answers one dataset-editor webview's requests: each panel has its own view (filter, search,
// sort) over the shared document.
import * as vscode from 'vscode';
import { DatasetView, type ComputedView } from '../../core/dataset/document/datasetView';
import type { DatasetModel } from '../../core/dataset/document/datasetModel';
import { recordLocation } from '../../core/dataset/document/recordLocation';
import { detailFields, emptyRecord, rowCells, withText } from '../../core/dataset/document/recordPresentation';
import { explainMisfit, readFitting } from '../../core/dataset/layouts';
import { StatsAccumulator } from '../../core/dataset/stats';
import { isJsonObject } from '../../core/dataset/types';
import { TEMPLATES } from '../../core/templates/templates';
import { TEMPLATE_NOTES } from '../../core/templates/types';
import type { Handlers } from '../../../shared/rpc';
import type { Events, FirstView, FirstViewRequest, HostCommand, InitData, Requests, RowData, ViewInfo, ViewSpec } from '../../../shared/datasetEditor/protocol';
import type { DatasetDocument } from './datasetDocument';
import { evaluationOverlapReasons, indexDocument, nearDuplicateReasons, matchSource, reasonText, type QualityFilterId } from '../../core/dataset/document/qualityFilters';
import type { TrainingIndex } from '../../core/quality/trainingIndex';
import { CancelledError } from '../../core/progress';
import { withCancellableProgress } from '../longOperation';
import { evaluationSourceLabel, type EvaluationQuestions } from './evaluationQuestions';

/** Records added to the statistics between two yields to the event loop. */
const STATS_SLICE = 2000;

/** What the keys pressed in a field run in VS Code once the typing is in. */
const HOST_COMMANDS: Record<HostCommand, string> = { undo: 'undo', redo: 'redo', save: 'workbench.action.files.save' };

export class PanelRequests {
  private view: DatasetView;
  private spec: ViewSpec = { filter: 'all' };
  private computed: ComputedView | undefined;
  /** A large file's view being computed: requests for rows wait for it rather than compute again. */
  private computation: Promise<ComputedView> | undefined;
  /** The model the view was built on: a revert replaces the document's model. */
  private viewModel: DatasetModel;

  /** Cancels the view computation a newer request (or a change of the document) has made pointless. */
  private computing: AbortController | undefined;

  /** The detectors' index of the document, for the detector filters: rebuilt when the document changes. */
  private index: { model: DatasetModel; version: number; index: TrainingIndex } | undefined;

  /** Flushes asked of the webview (see flush), by id: resolve when it answers. */
  private readonly flushes = new Map<number, () => void>();
  private nextFlush = 1;

  constructor(
    private readonly doc: DatasetDocument,
    private readonly post: <K extends keyof Events>(name: K, payload: Events[K]) => void,
    /** Where the "overlaps the evaluation set" filter gets its questions (none: the filter finds nothing). */
    private readonly questions?: EvaluationQuestions,
  ) {
    this.view = new DatasetView(doc.model, doc.layout);
    this.viewModel = doc.model;
  }

  /** What the webview needs to start; `first`: the view it asked for and its first rows, ready to show. */
  init(first?: FirstViewRequest): InitData {
    const { doc } = this;
    return {
      fileName: doc.fileName,
      format: doc.model.base.shape.format,
      layout: doc.layout?.id,
      layoutLabel: doc.layout?.label,
      columns: doc.columns,
      count: doc.model.count,
      errors: doc.model.base.errors.map(({ line, column, record, message }) => ({ line, column, record, message })),
      readonly: doc.readonly,
      indexing: doc.indexing && { ...doc.indexing },
      l10n: vscode.l10n.bundle,
      // A large file's view is computed in slices, with progress the webview shows after init.
      // So is a detector filter's, which the webview then asks for with setView.
      first: first && !doc.indexing && !this.view.missingMatches(first.view) ? this.firstView(first) : undefined,
    };
  }

  private firstView({ view, selectedRow, rows }: FirstViewRequest): FirstView {
    this.spec = view;
    this.reset();
    const computed = (this.computed = this.view.compute(view));
    const row = Math.min(selectedRow, this.doc.model.count - 1);
    return {
      view,
      info: this.viewInfo(computed),
      rows: this.rowsOf(computed, 0, rows),
      selectedRow: row,
      selectedIndex: row >= 0 ? computed.rows.indexOf(row) : -1,
    };
  }

  private viewInfo({ rows, matches, searchError, scanned }: ComputedView): ViewInfo {
    return { count: rows.length, total: this.doc.model.count, matches, searchError, scanned };
  }

  private rowsOf({ rows }: ComputedView, start: number, end: number): RowData[] {
    const out: RowData[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, rows.length); i++) out.push(this.rowData(rows[i]));
    return out;
  }

  /** The document's records changed: the view must be computed again when next asked. */
  invalidate(): void {
    if (this.viewModel !== this.doc.model) {
      this.view = new DatasetView(this.doc.model, this.doc.layout);
      this.viewModel = this.doc.model;
    }
    this.reset();
  }

  /**
   * Asks the webview to send the typing of its fields now (before a save) and resolves when it
   * has, or after `timeoutMs` (a webview that does not answer must not block the save).
   */
  flush(timeoutMs = 2000): Promise<void> {
    const id = this.nextFlush++;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.flushes.delete(id);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.flushes.set(id, done);
      this.post('flush', { id });
    });
  }

  /** The panel closed: stop any work for it. */
  dispose(): void {
    this.computing?.abort();
    for (const done of [...this.flushes.values()]) done();
  }

  private reset(): void {
    this.computing?.abort();
    this.computed = undefined;
    this.computation = undefined;
  }

  /**
   * The current view. An ordinary file's is computed at once; a large file's in slices (never in
   * one blocking pass), reporting its running count, and every request waits for the same one.
   */
  private async current(): Promise<ComputedView> {
    if (this.computed) return this.computed;
    const missing = this.view.missingMatches(this.spec);
    if (missing) {
      if (!this.computation) this.computation = this.withMatches(missing, this.spec);
      return this.computation;
    }
    if (!this.doc.indexing) return (this.computed = this.view.compute(this.spec));
    if (!this.computation) {
      const controller = (this.computing = new AbortController());
      let found = 0;
      let matches: number | undefined;
      // Cancelled (by cancelView, a newer view or a change), it answers with what it found so far.
      const computation = this.view
        .computeAsync(this.spec, {
          signal: controller.signal,
          onPartial: (f, m) => {
            found = f;
            matches = m;
          },
          onProgress: (done, total) => this.post('viewProgress', { found, matches, done, total: total ?? done }),
        })
        .then((computed) => {
          // Kept only if it is still the view asked for (the document did not change meanwhile).
          if (this.computation === computation && !controller.signal.aborted) this.computed = computed;
          return computed;
        });
      this.computation = computation;
    }
    return this.computation;
  }

  /**
   * A detector filter's view: its matches computed first, under a progress notification with
   * Cancel (a newer view or a change of the document cancels too). Cancelled, the view is empty
   * and says so; the index built so far is dropped, the next try builds it again.
   */
  private withMatches(filter: QualityFilterId, spec: ViewSpec): Promise<ComputedView> {
    const controller = (this.computing = new AbortController());
    const model = this.doc.model;
    const version = model.version;
    const title =
      filter === 'nearDuplicate'
        ? vscode.l10n.t('Finding near duplicates in {0}', this.doc.fileName)
        : vscode.l10n.t('Looking for the questions of {0} in {1}', spec.evaluation ? evaluationSourceLabel(spec.evaluation) : '—', this.doc.fileName);
    const computation = withCancellableProgress(title, async (cancel, progress) => {
      const signal = AbortSignal.any([cancel, controller.signal]);
      let shown = 0;
      const onProgress = (done: number, total: number | undefined) => {
        const pct = total ? Math.floor((done / total) * 90) : 0;
        if (pct > shown) progress.report({ increment: pct - shown, message: vscode.l10n.t('{0} of {1} records indexed', done, total ?? done) });
        shown = Math.max(shown, pct);
      };
      try {
        const index = await this.documentIndex({ signal, onProgress });
        progress.report({ message: filter === 'nearDuplicate' ? vscode.l10n.t('Comparing records…') : vscode.l10n.t('Looking for the questions…') });
        await new Promise((resolve) => setImmediate(resolve));
        let rows;
        if (filter === 'nearDuplicate') rows = nearDuplicateReasons(index, undefined, signal);
        else {
          const questions = spec.evaluation && this.questions ? await this.questions.load(spec.evaluation, { signal }) : [];
          rows = evaluationOverlapReasons(index, questions, undefined, signal);
        }
        if (signal.aborted || model !== this.doc.model || model.version !== version) throw new CancelledError();
        this.view.setMatches({ filter, version, source: matchSource(filter, spec.evaluation), rows });
        // A large file's view in slices, as any of its views (the filter itself is a lookup now).
        const computed = this.doc.indexing ? await this.view.computeAsync(spec, { signal }) : this.view.compute(spec);
        if (this.computation === computation && computed.scanned === undefined) this.computed = computed;
        return computed;
      } catch (e) {
        if (e instanceof CancelledError || signal.aborted) return { rows: new Int32Array(0), scanned: 0 };
        void vscode.window.showErrorMessage((e as Error).message);
        return { rows: new Int32Array(0), searchError: (e as Error).message };
      }
    });
    return computation;
  }

  /** The detectors' index of the document as it is now, built once per version. */
  private async documentIndex(op: { signal: AbortSignal; onProgress: (done: number, total: number | undefined) => void }): Promise<TrainingIndex> {
    const model = this.doc.model;
    if (this.index?.model === model && this.index.version === model.version) return this.index.index;
    const version = model.version;
    const index = await indexDocument(model.count, (row) => this.view.texts(row), { ...op, prefetch: (from, to) => model.prefetch(from, to) });
    this.index = { model, version, index };
    return index;
  }

  private rowData(row: number): RowData {
    const value = this.doc.model.value(row);
    const misfit = this.doc.model.problem(row) ?? (this.doc.layout ? explainMisfit(value, this.doc.layout) : undefined);
    const reason = this.view.reason(this.spec, row);
    return { row, ...rowCells(value, this.doc.columns), edited: this.doc.model.isEdited(row), misfit, ...(reason ? { reason: reasonText(reason, vscode.l10n.t) } : {}) };
  }

  /** The record an edit was typed in must still be the one at its row (another panel may have moved it). */
  private checkSameRecord(row: number, key: number): void {
    if (this.doc.model.identity(row) !== key) throw new Error(vscode.l10n.t('The record changed while you were editing it; your change was not applied.'));
  }

  /** A record of a large file that does not parse is only replaced whole (Edit as JSON) or deleted. */
  private checkEditable(row: number): void {
    const problem = this.doc.model.problem(row);
    if (problem) throw new Error(vscode.l10n.t('Record {0} cannot be read ({1}); fix it with Edit as JSON.', row + 1, problem));
  }

  readonly handlers: Handlers<Requests> = {
    ready: (first) => {
      this.post('init', this.init(first));
    },
    setView: async (spec) => {
      this.spec = spec;
      this.reset();
      return this.viewInfo(await this.current());
    },
    cancelView: () => {
      this.computing?.abort();
    },
    chooseEvaluation: async () => (this.questions ? this.questions.pick() : undefined),
    getRows: async ({ start, end }) => this.rowsOf(await this.current(), start, end),
    viewPosition: async ({ row }) => (await this.current()).rows.indexOf(row),
    getRecord: ({ row }) => {
      const value = this.doc.model.value(row);
      const problem = this.doc.model.problem(row);
      if (problem) {
        // Its own bytes, to be fixed as JSON; `{}` would replace them with nothing.
        return { row, key: this.doc.model.identity(row), json: this.doc.model.rawText(row) ?? '', fields: [], misfit: problem };
      }
      const misfit = this.doc.layout ? explainMisfit(value, this.doc.layout) : undefined;
      const key = this.doc.model.identity(row);
      const reason = this.view.reason(this.spec, row);
      return { row, key, json: JSON.stringify(value, null, 2), fields: detailFields(value, this.doc.layout, misfit === undefined), misfit, ...(reason ? { reason: reasonText(reason, vscode.l10n.t) } : {}) };
    },
    getPreview: ({ row }) => {
      const { layout } = this.doc;
      const value = this.doc.model.value(row);
      if (!layout || explainMisfit(value, layout) !== undefined) return { previews: [], unavailable: 'misfit' };
      if (layout.shape.kind === 'text') return { previews: [], unavailable: 'text' };
      const conversation = readFitting(value, layout);
      if (conversation.turns.some((turn) => turn.functionCall || turn.observation)) return { previews: [], unavailable: 'tool-turns' };
      const previews = TEMPLATES.map((tpl) => {
        const r = tpl.render(conversation);
        return {
          template: tpl.id,
          label: tpl.label,
          prompt: r.prompt,
          answer: r.answer,
          chars: r.prompt.length + r.answer.length,
          notes: r.notes.map((n) => TEMPLATE_NOTES[n]),
        };
      });
      return { previews };
    },
    getStats: async () => {
      // Of the records in the view (what the table shows), in slices: on a large file one
      // synchronous walk would block the extension host for seconds.
      const { rows } = await this.current();
      const model = this.doc.model;
      const stats = new StatsAccumulator(this.doc.layout?.id);
      for (let i = 0; i < rows.length; i++) {
        if (i % STATS_SLICE === 0) {
          model.prefetch(rows[i], Math.min(model.count, rows[Math.min(rows.length, i + STATS_SLICE) - 1] + 1));
          await new Promise((resolve) => setImmediate(resolve));
          if (model !== this.doc.model) throw new Error(vscode.l10n.t('The file was read again; statistics are computed anew.'));
        }
        stats.add(rows[i], model.value(rows[i]));
      }
      const r = stats.result();
      return {
        records: r.records,
        total: model.count,
        filtered: this.spec.filter !== 'all' || this.spec.search !== undefined,
        layout: r.layout,
        duplicates: r.duplicates,
        misfits: r.misfits.count,
        fields: r.fields,
      };
    },
    editField: async ({ row, key, path, value, session }) => {
      this.checkSameRecord(row, key);
      this.checkEditable(row);
      await this.doc.typeText({ owner: this, id: session }, row, withText(this.doc.model.value(row), path, value), vscode.l10n.t('Edit field'));
      return { key: this.doc.model.identity(row) };
    },
    replaceRecord: async ({ row, key, json }) => {
      this.checkSameRecord(row, key);
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch (e) {
        return { error: (e as Error).message };
      }
      if (!isJsonObject(value)) return { error: vscode.l10n.t('A record must be a JSON object.') };
      await this.doc.edit((m) => m.setRecord(row, value, vscode.l10n.t('Edit record')));
      return {};
    },
    insertRecord: async ({ at }) => {
      await this.doc.edit((m) => m.insert(at, [emptyRecord(this.doc.layout, this.doc.columns)], vscode.l10n.t('Add record')));
      return at;
    },
    duplicateRecord: async ({ row }) => {
      this.checkEditable(row);
      await this.doc.edit((m) => m.insert(row + 1, [structuredClone(m.value(row))], vscode.l10n.t('Duplicate record')));
      return row + 1;
    },
    deleteRecords: async ({ rows }) => {
      await this.doc.edit((m) => m.remove(rows, vscode.l10n.t('Delete records')));
    },
    convert: async () => {
      // The conversion reads the file on disk: unsaved edits would be left out.
      if (this.doc.isDirty) {
        const save = vscode.l10n.t('Save and Convert');
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('{0} has unsaved changes; the conversion reads the file on disk.', this.doc.fileName),
          { modal: true },
          save,
        );
        if (choice !== save) return;
        await vscode.commands.executeCommand('workbench.action.files.save');
        if (this.doc.isDirty) return; // the save failed or was refused: the file on disk is stale
      }
      await vscode.commands.executeCommand('lexreview.convertDataset', this.doc.uri);
    },
    runCommand: async ({ command }) => {
      await vscode.commands.executeCommand(HOST_COMMANDS[command]);
    },
    flushed: ({ id }) => {
      this.flushes.get(id)?.();
    },
    openAsText: async ({ line, column, row }) => {
      let at = line === undefined ? undefined : { line, column: column ?? 1 };
      if (!at && row !== undefined) at = await recordLocation(this.doc.model, row);
      const position = at && new vscode.Position(at.line - 1, at.column - 1);
      await vscode.commands.executeCommand('vscode.openWith', this.doc.uri, 'default', {
        selection: position ? new vscode.Range(position, position) : undefined,
      } satisfies vscode.TextDocumentShowOptions);
    },
  };
}
