// What a prompt template is and what rendering one gives back.

import type { Conversation } from '../dataset/conversation';

export type TemplateId = 'alpaca' | 'chinese-alpaca' | 'vicuna' | 'chatglm';

/** Where a template had to go beyond what its original defines; the UI may show these next to a preview. */
export type TemplateNote =
  /** The record's system prompt took the place of the template's fixed preamble. */
  | 'system-replaces-preamble'
  /** The template has no system prompt: it was prepended verbatim, as P-tuning v2's source_prefix is. */
  | 'system-as-prefix'
  /** The original template is single-turn: earlier turns were rendered as earlier instruction/response blocks. */
  | 'history-not-native';

export const TEMPLATE_NOTES: Readonly<Record<TemplateNote, string>> = {
  'system-replaces-preamble': "The record's system prompt replaces the template's preamble.",
  'system-as-prefix': 'The template has no system prompt; it is prepended verbatim, like a P-tuning source_prefix.',
  'history-not-native':
    'The original template is single-turn; earlier turns are shown as earlier instruction/response blocks.',
};

export interface RenderedPrompt {
  /** Everything the model reads before its answer: the text a generation request would send. */
  prompt: string;
  /** The answer the model is trained to produce after the prompt (the last turn's), without end-of-sequence token. */
  answer: string;
  notes: TemplateNote[];
}

export interface PromptTemplate {
  readonly id: TemplateId;
  readonly label: string;
  /** Where the exact strings were taken from. */
  readonly source: string;
  render(conv: Conversation): RenderedPrompt;
}
