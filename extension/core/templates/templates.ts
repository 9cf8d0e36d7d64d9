// The prompt templates a preview can render a record in, by id.

import type { Conversation } from '../dataset/conversation';
import { readConversation, type LayoutRef } from '../dataset/layouts';
import { chineseAlpaca, stanfordAlpaca } from './alpaca';
import { chatglm } from './chatglm';
import type { PromptTemplate, RenderedPrompt, TemplateId } from './types';
import { vicuna } from './vicuna';

export type { PromptTemplate, RenderedPrompt, TemplateId, TemplateNote } from './types';
export { TEMPLATE_NOTES } from './types';

export const TEMPLATES: readonly PromptTemplate[] = [stanfordAlpaca, chineseAlpaca, vicuna, chatglm];

/** Ids and labels, for a picker. */
export function listTemplates(): { id: TemplateId; label: string }[] {
  return TEMPLATES.map(({ id, label }) => ({ id, label }));
}

export function templateById(id: string): PromptTemplate {
  const found = TEMPLATES.find((t) => t.id === id);
  if (found !== undefined) return found;
  throw new Error(`Unknown template '${id}'. Valid templates: ${TEMPLATES.map((t) => t.id).join(', ')}.`);
}

/**
 * The prompt a model sees for a conversation, and the answer it is trained to give after it.
 * Given a record and its layout, throws when the record does not fit the layout.
 */
export function renderPrompt(conv: Conversation, template: string): RenderedPrompt;
export function renderPrompt(record: unknown, layout: LayoutRef, template: string): RenderedPrompt;
export function renderPrompt(subject: unknown, second: LayoutRef, third?: string): RenderedPrompt {
  if (third === undefined) return templateById(second as string).render(subject as Conversation);
  return templateById(third).render(readConversation(subject, second));
}
