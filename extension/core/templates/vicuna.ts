// Vicuna v1.1, as FastChat's conversation.py defines it (template "vicuna_v1.1", ADD_COLON_TWO):
// system + " " + "USER: q ASSISTANT: a</s>" per earlier turn + "USER: q ASSISTANT:".

import { lastTurn, type Conversation } from '../dataset/conversation';
import type { PromptTemplate, RenderedPrompt, TemplateNote } from './types';

const SYSTEM =
  'A chat between a curious user and an artificial intelligence assistant. ' +
  "The assistant gives helpful, detailed, and polite answers to the user's questions.";

export const vicuna: PromptTemplate = {
  id: 'vicuna',
  label: 'Vicuna v1.1 (FastChat)',
  source: 'lm-sys/FastChat fastchat/conversation.py (vicuna_v1.1)',
  render(conv: Conversation): RenderedPrompt {
    const last = lastTurn(conv);
    const notes: TemplateNote[] = conv.system ? ['system-replaces-preamble'] : [];
    // Separators alternate: " " after the user's message, "</s>" after the assistant's. The prompt
    // ends with "ASSISTANT:" (FastChat's generation prompt); in training "ASSISTANT: answer</s>" follows.
    let prompt = (conv.system || SYSTEM) + ' ';
    for (let i = 0; i < conv.turns.length - 1; i++) {
      const t = conv.turns[i];
      prompt += `USER: ${t.user} ASSISTANT: ${t.assistant}</s>`;
    }
    prompt += `USER: ${last.user} ASSISTANT:`;
    return { prompt, answer: last.assistant, notes };
  },
};
