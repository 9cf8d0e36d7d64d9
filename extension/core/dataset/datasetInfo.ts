// The LLaMA-Factory dataset_info.json entry that makes a file of a given layout trainable, as
// LLaMA-Factory's data/README.md documents it. Its parser (data/parser.py) sets every column it
// knows from `columns` and leaves unnamed ones unset, so a column that names no field of the file
// must not be listed (the converter would look it up on every row and fail), and the alpaca
// defaults (instruction/input/output) do not apply once `columns` is given. The same holds for
// `tags`: once given, unnamed tags are unset, so all five are written.

import { resolveLayout, type LayoutRef } from './layouts';

export interface DatasetInfoEntry {
  file_name: string;
  formatting: 'alpaca' | 'sharegpt';
  /** LLaMA-Factory column → field of the file. */
  columns: Record<string, string>;
  /** sharegpt formatting only: the keys and role values inside a message. */
  tags?: {
    role_tag: string;
    content_tag: string;
    user_tag: string;
    assistant_tag: string;
    system_tag: string;
  };
}

/** Which optional fields the file has in at least one record; they are mapped only then. */
export interface DatasetInfoOptions {
  /** Default: true, as convertRecord always writes alpaca's `input` (an empty string when there is none). */
  input?: boolean;
  system?: boolean;
  /** Default: true for chatglm-history, whose records always carry `history`; false otherwise. */
  history?: boolean;
}

/**
 * The entry for `fileName` holding records of `layout`. Single-turn layouts map onto the alpaca
 * formatting (question → prompt, answer → response); chatglm-history adds its history; sharegpt and
 * openai use the sharegpt formatting with their role keys as tags.
 */
export function datasetInfoEntry(fileName: string, layout: LayoutRef, opts: DatasetInfoOptions = {}): DatasetInfoEntry {
  const { shape } = resolveLayout(layout);
  if (shape.kind === 'messages') {
    const columns: Record<string, string> = { messages: shape.list };
    if (shape.systemField !== undefined && opts.system === true) columns.system = shape.systemField;
    return {
      file_name: fileName,
      formatting: 'sharegpt',
      columns,
      tags: {
        role_tag: shape.role,
        content_tag: shape.content,
        user_tag: shape.writes.user,
        assistant_tag: shape.writes.assistant,
        system_tag: shape.writes.system,
      },
    };
  }
  const columns: Record<string, string> = { prompt: shape.question };
  if (shape.input !== undefined && opts.input !== false) columns.query = shape.input;
  columns.response = shape.answer;
  if (shape.system !== undefined && opts.system === true) columns.system = shape.system;
  if (shape.history !== undefined && (opts.history ?? shape.alwaysWriteHistory === true)) columns.history = shape.history;
  return { file_name: fileName, formatting: 'alpaca', columns };
}
