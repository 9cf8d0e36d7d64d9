// One piece of text in a record, as search and statistics see it.

/**
 * What a text is in the conversation; `input` is alpaca's second half of the user message,
 * `rejected` the worse answer of preference data, `tool` a tool call or its result, `text` a
 * pretraining document.
 */
export type TextRole = 'system' | 'question' | 'input' | 'answer' | 'rejected' | 'tool' | 'text';

export interface FieldText {
  /**
   * Where the text lives, as a JSON path from the record: a top-level key (`output`), an index into
   * a history pair (`history[0][1]`) or into a message list (`conversations[3].value`).
   */
  field: string;
  /** Absent for the top-level strings of a record that does not fit the layout. */
  role?: TextRole;
  /** 1-based turn the text belongs to; the record's own question and answer are the last turn. Absent for system. */
  turn?: number;
  text: string;
  /** A top-level string the layout does not know (e.g. an `id` beside input/output). */
  extra?: boolean;
}
