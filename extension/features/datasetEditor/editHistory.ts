// The dataset document's edits as VS Code's edit stack sees them: each edit with its undo and
// redo, the count that says whether the document is dirty, and typing that extends its edit.
import * as vscode from 'vscode';
import type { DatasetModel, ModelEdit } from '../../core/dataset/document/datasetModel';
import type { JsonObject } from '../../core/dataset/types';

/** A stretch of typing in one field of one panel (Requests.editField's `session`). */
export interface TypingSession {
  owner: object;
  id: number;
}

export class EditHistory<D extends vscode.CustomDocument> {
  /**
   * Edits applied minus edits undone, and its value at the last save: the document is dirty when
   * they differ, as VS Code's own save point says (NaN: restored from a backup, dirty until saved).
   */
  private count = 0;
  private savedAt = 0;
  /** The edit that a field's typing made, while later typing may extend it (type). */
  private typing: (TypingSession & { model: DatasetModel; ref: number }) | undefined;

  constructor(
    private readonly document: D,
    /** The document's current model: a revert replaces it. */
    private readonly model: () => DatasetModel,
    /** Tells VS Code of an edit (onDidChangeCustomDocument). */
    private readonly fire: (e: vscode.CustomDocumentEditEvent<D>) => void,
    /** Tells the webviews the records changed. */
    private readonly changed: () => void,
  ) {}

  get isDirty(): boolean {
    return this.count !== this.savedAt;
  }

  /** Puts an applied edit on VS Code's undo stack. */
  push(edit: ModelEdit): void {
    this.typing = undefined;
    this.record(edit);
  }

  /**
   * Text typed into a field, sent while the user types. The first text of a stretch of typing is
   * an edit of its own (so the tab is dirty from the first keystroke); later texts of the same
   * stretch extend that edit while nothing else happened in between (no other edit, undo, redo,
   * save or revert), so one Ctrl+Z takes back the whole typing and nothing older.
   */
  type(session: TypingSession, row: number, value: JsonObject, label: string): void {
    const model = this.model();
    const t = this.typing;
    if (t && t.owner === session.owner && t.id === session.id && t.model === model && model.identity(row) === t.ref) {
      model.amend(row, value);
      this.changed();
      return;
    }
    this.record(model.setRecord(row, value, label));
    this.typing = { ...session, model, ref: model.identity(row) };
  }

  /** A save begins: returns what to tell `saved` once it has written. */
  startSave(): number {
    this.typing = undefined; // typing after the save is a new edit: the saved one stays as written
    return this.count;
  }

  /** The save that began at `count` (startSave) has written the file. */
  saved(count: number): void {
    this.savedAt = count;
  }

  /** Unsaved work restored from a backup: dirty until saved. */
  restored(): void {
    this.savedAt = Number.NaN;
  }

  /** The file was read again: nothing is unsaved, and older edits act on a model that is gone. */
  reset(): void {
    this.typing = undefined;
    this.count = 0;
    this.savedAt = 0;
  }

  private record(edit: ModelEdit): void {
    const model = this.model();
    this.count++;
    this.changed();
    // Undo and redo act on the model they were made on; after a revert replaced it they do nothing.
    this.fire({
      document: this.document,
      label: edit.label,
      undo: () => {
        this.typing = undefined;
        if (model !== this.model()) return;
        model.undo(edit);
        this.count--;
        this.changed();
      },
      redo: () => {
        this.typing = undefined;
        if (model !== this.model()) return;
        model.redo(edit);
        this.count++;
        this.changed();
      },
    });
  }
}
