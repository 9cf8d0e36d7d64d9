// The LLaMA-Factory dataset_info.json entry that makes a file of a given layout trainable, as
// LLaMA-Factory's data/README.md documents it. Its parser (data/parser.py) sets every column it
// knows from `columns` and leaves unnamed ones unset, so a column that names no field of the file
// must not be listed (the converter would look it up on every row and fail), and the alpaca
// defaults (instruction/input/output) do not apply once `columns` is given. The same holds for
// `tags`: once given, unnamed tags are unset, so either every tag the file needs is written or,
// when all of them are LLaMA-Factory's defaults (ShareGPT's from/value/human/gpt/…), none is.

import { resolveLayout, type LayoutRef } from './layouts';
import { LLAMA_FACTORY_EXTRAS } from './llamaFactoryColumns';
import type { MessagesShape, Role } from './messagesShape';

export type DatasetInfoTag = 'role_tag' | 'content_tag' | 'user_tag' | 'assistant_tag' | 'observation_tag' | 'function_tag' | 'system_tag';

export interface DatasetInfoEntry {
  file_name: string;
  formatting: 'alpaca' | 'sharegpt';
  /** Preference data (chosen / rejected); absent means false, LLaMA-Factory's default. */
  ranking?: true;
  /** LLaMA-Factory column → field of the file. */
  columns: Record<string, string>;
  /** sharegpt formatting only, and only when a tag differs from LLaMA-Factory's default: the keys and role values inside a message. */
  tags?: Partial<Record<DatasetInfoTag, string>>;
}

/** What the file holds beyond what its layout says. */
export interface DatasetContents {
  /** Top-level keys found in at least one record: optional columns are mapped only then. */
  keys: ReadonlySet<string>;
  /**
   * The role values the file's messages use, per role; a role not given takes the layout's own
   * value. The tool tags (observation_tag, function_tag) are written only when a tool role is given.
   */
  roles?: Partial<Record<Role, string>>;
}

/** LLaMA-Factory's tag defaults (data/parser.py). */
const DEFAULT_TAGS: Readonly<Record<DatasetInfoTag, string>> = {
  role_tag: 'from',
  content_tag: 'value',
  user_tag: 'human',
  assistant_tag: 'gpt',
  observation_tag: 'observation',
  function_tag: 'function_call',
  system_tag: 'system',
};

/**
 * The entry for `fileName` holding records of `layout`. Single-turn layouts map onto the alpaca
 * formatting (question → prompt, answer → response); chatglm-history adds its history; sharegpt and
 * openai use the sharegpt formatting with their role keys as tags; the preference layouts map their
 * answers onto chosen / rejected with `ranking: true`; pretraining text is the prompt column alone.
 * LLaMA-Factory's extra columns (tools, images, videos, audios, kto_tag) are named when the file has them.
 */
export function datasetInfoEntry(fileName: string, layout: LayoutRef, contents: DatasetContents): DatasetInfoEntry {
  const l = resolveLayout(layout);
  const { shape } = l;
  const has = (key: string | undefined): key is string => key !== undefined && contents.keys.has(key);
  const columns: Record<string, string> = {};
  let tags: DatasetInfoEntry['tags'];
  if (shape.kind === 'text') {
    columns.prompt = shape.text;
  } else if (shape.kind === 'flat') {
    columns.prompt = shape.question;
    if (has(shape.input)) columns.query = shape.input;
    if (shape.rejected !== undefined) {
      columns.chosen = shape.answer;
      columns.rejected = shape.rejected;
    } else {
      columns.response = shape.answer;
    }
    if (has(shape.system)) columns.system = shape.system;
    if (has(shape.history)) columns.history = shape.history;
  } else {
    columns.messages = shape.list;
    if (has(shape.systemField)) columns.system = shape.systemField;
    if (shape.preference !== undefined) {
      columns.chosen = shape.preference.chosen;
      columns.rejected = shape.preference.rejected;
    }
    tags = tagsFor(shape, contents.roles ?? {});
  }
  for (const name of LLAMA_FACTORY_EXTRAS) if (has(name)) columns[name] = name;
  return {
    file_name: fileName,
    formatting: shape.kind === 'messages' ? 'sharegpt' : 'alpaca',
    ...(l.ranking ? { ranking: true as const } : {}),
    columns,
    ...(tags !== undefined ? { tags } : {}),
  };
}

function tagsFor(shape: MessagesShape, roles: Partial<Record<Role, string>>): DatasetInfoEntry['tags'] {
  const tags: Partial<Record<DatasetInfoTag, string>> = {
    role_tag: shape.role,
    content_tag: shape.content,
    user_tag: roles.user ?? shape.writes.user,
    assistant_tag: roles.assistant ?? shape.writes.assistant,
  };
  if (roles.observation !== undefined || roles.function !== undefined) {
    tags.observation_tag = roles.observation ?? shape.writes.observation ?? DEFAULT_TAGS.observation_tag;
    tags.function_tag = roles.function ?? shape.writes.function ?? DEFAULT_TAGS.function_tag;
  }
  tags.system_tag = roles.system ?? shape.writes.system;
  const all = Object.keys(tags) as DatasetInfoTag[];
  return all.every((k) => tags[k] === DEFAULT_TAGS[k]) ? undefined : tags;
}
