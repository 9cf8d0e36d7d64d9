// The dataset editor's message protocol, imported by the host (extension/features/datasetEditor)
// and by the webview (webview/datasetEditor), which import nothing of each other. Types only, from
// browser-safe core modules. Rows are positions in the document (0..count-1); the
// webview shows a *view* of them (filtered, searched, sorted) and asks for rows by view position.
import type { LengthSummary } from '../../extension/core/dataset/lengths';
import type { ColumnDef, DetailField, JsonPath } from '../../extension/core/dataset/document/recordPresentation';
import type { EvaluationSource, FilterId, SearchSpec, SortSpec, ViewSpec } from '../../extension/core/dataset/document/datasetView';

export type { ColumnDef, DetailField, EvaluationSource, FilterId, JsonPath, SearchSpec, SortSpec, ViewSpec };

export interface ErrorInfo {
  line: number;
  column: number;
  record?: number;
  message: string;
}

export interface ViewInfo {
  /** Rows in the view. */
  count: number;
  /** Rows in the document. */
  total: number;
  /** Matches of the search (occurrences, not rows), when there is a search. */
  matches?: number;
  /** A problem with the search, e.g. an invalid regular expression. */
  searchError?: string;
  /** The computation was cancelled after looking at this many records: the view holds what it found. */
  scanned?: number;
}

export interface RowData {
  /** Document row. */
  row: number;
  /** Text of each column, clipped for the table; multi-turn columns summarise the turns. */
  cells: string[];
  /** Characters of each column's full text. */
  lengths: number[];
  edited: boolean;
  /** Why the record does not fit the layout, when it does not. */
  misfit?: string;
  /** Why a detector filter keeps the record: the records it nearly duplicates, the evaluation questions it holds. */
  reason?: string;
}

export interface RecordDetail {
  row: number;
  /**
   * Which record this is: another value when the row holds another record, or the same one
   * changed (an edit elsewhere, an insert above). Edits carry it, and the host refuses an edit
   * whose record changed meanwhile rather than apply it to the wrong one.
   */
  key: number;
  /** The whole record, for "edit as JSON". */
  json: string;
  fields: DetailField[];
  misfit?: string;
  /** As RowData.reason. */
  reason?: string;
}

export interface PreviewData {
  template: string;
  label: string;
  prompt: string;
  answer: string;
  /** Characters of prompt + answer. */
  chars: number;
  notes: string[];
}

/**
 * Why a record has no template preview: it does not fit the layout (or the layout is unknown),
 * it has tool calls or results (the templates have no place for them: shown as a user's and an
 * assistant's words they would mislead), or it is pretraining text (trained on as it is).
 */
export type PreviewUnavailable = 'misfit' | 'tool-turns' | 'text';

export interface PreviewResult {
  previews: PreviewData[];
  unavailable?: PreviewUnavailable;
}

/** Statistics of the records in the view: all of them, or those the search and filter leave. */
export interface StatsData {
  /** Records counted: the view's. */
  records: number;
  /** Records in the document. */
  total: number;
  /** Whether a search or filter narrowed the view. */
  filtered: boolean;
  layout: string | undefined;
  duplicates: number;
  misfits: number;
  fields: Record<string, LengthSummary>;
}

/** The background index of a large file. */
export interface IndexingInfo {
  /** Bytes indexed and the file size. */
  done: number;
  total: number;
  complete: boolean;
  cancelled: boolean;
}

export interface InitData {
  fileName: string;
  format: 'json' | 'jsonl';
  layout: string | undefined;
  layoutLabel: string | undefined;
  columns: ColumnDef[];
  count: number;
  /** Problems found when reading; with any, the editor is read-only and lists them. */
  errors: ErrorInfo[];
  readonly: boolean;
  /** Present for a large file read lazily: how far its index has got. */
  indexing?: IndexingInfo;
  /** vscode.l10n.bundle: undefined in English. */
  l10n: Record<string, string> | undefined;
  /** The view the webview asked for in `ready`, with its first rows: no round trip before they show. */
  first?: FirstView;
}

/** What `ready` asks to be sent with `init`: the view the webview restores, and how many rows to send. */
export interface FirstViewRequest {
  view: ViewSpec;
  /** Document row selected, -1 for none: its position in the view comes back. */
  selectedRow: number;
  /** Rows to send from the top of the view. */
  rows: number;
}

export interface FirstView {
  /** The view these are rows of (as asked). */
  view: ViewSpec;
  info: ViewInfo;
  /** Rows [0, rows.length) of the view. */
  rows: RowData[];
  /** The selected row as asked, kept within the document, and its position in the view (-1: not in it). */
  selectedRow: number;
  selectedIndex: number;
}

/** Requests from the webview to the host: name → [params, result]. */
export type Requests = {
  /**
   * The webview is listening: the host answers with an `init` event (sent again on every reload,
   * without `first`), which brings the first rows of the view asked for (an ordinary file only).
   */
  ready: [FirstViewRequest, void];
  setView: [ViewSpec, ViewInfo];
  /** Stops the view being computed over a large file; setView then answers with what it found. */
  cancelView: [Record<string, never>, void];
  /** Which evaluation questions the 'evaluationOverlap' filter looks for (the host asks the user); undefined: cancelled. */
  chooseEvaluation: [Record<string, never>, EvaluationSource | undefined];
  getRows: [{ start: number; end: number }, RowData[]];
  /** Where a document row is in the current view, or -1. */
  viewPosition: [{ row: number }, number];
  getRecord: [{ row: number }, RecordDetail];
  getPreview: [{ row: number }, PreviewResult];
  getStats: [Record<string, never>, StatsData];
  /**
   * Text typed into a field, sent while typing goes on. `session` numbers one stretch of typing in
   * one field (from the first keystroke to leaving the field, Ctrl+Enter, undo, redo or save): the
   * host makes its first text an edit and extends that edit with the later ones, one undo step.
   * Answers with the record's key after the edit.
   */
  editField: [{ row: number; key: number; path: JsonPath; value: string; session: number }, { key: number }];
  /** Replace the whole record with parsed JSON; a parse error comes back as text. */
  replaceRecord: [{ row: number; key: number; json: string }, { error?: string }];
  /** Insert a new record of the layout's shape at a document row; returns its row. */
  insertRecord: [{ at: number }, number];
  duplicateRecord: [{ row: number }, number];
  deleteRecords: [{ rows: number[] }, void];
  /** Run the convert command on this document. */
  convert: [Record<string, never>, void];
  /**
   * Show the file in VS Code's text editor, at a position when given, or else at the start of the
   * record at document row `row` as the file holds it.
   */
  openAsText: [{ line?: number; column?: number; row?: number }, void];
  /**
   * Undo, redo or save pressed in a field: the webview keeps the key from VS Code until the field's
   * typing has reached the host, then asks for the command, so it acts on what the user sees.
   */
  runCommand: [{ command: HostCommand }, void];
  /** The answer to a `flush` event: every field's typing has been sent. */
  flushed: [{ id: number }, void];
};

export type HostCommand = 'undo' | 'redo' | 'save';

/** Editor actions the host's palette commands ask the active editor to do. */
export type EditorCommand =
  | { name: 'find' | 'addRecord' | 'duplicateRecord' | 'deleteRecord' | 'nextMatch' | 'previousMatch' | 'toggleStatistics' | 'templatePreview' }
  | { name: 'filter'; filter: FilterId };

/** Events from the host to the webview. */
export type Events = {
  init: InitData;
  /** The document changed (edit, undo, redo, revert, reload): re-run the view and refresh. */
  changed: { count: number; selectRow?: number };
  /** The file changed on disk while open. */
  externalChange: { dirty: boolean };
  /** A large file's index moved on (rows keep arriving through `changed`). */
  indexing: IndexingInfo;
  /** A command from the palette (LexReview: Add Record, Find in Dataset, …). */
  command: EditorCommand;
  /** A view being computed over a large file: rows found so far and how far it has got. */
  viewProgress: { found: number; matches?: number; done: number; total: number };
  /** The document is about to be saved: send any typing now, then answer with `flushed`. */
  flush: { id: number };
};
