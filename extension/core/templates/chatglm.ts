// ChatGLM-6B (the first one), as its chat() and its P-tuning v2 main.py build the prompt:
//   no history:  the bare question;
//   history:     "[Round i]\n问：q\n答：a\n" for each earlier turn, i counted from 0,
//                then "[Round n]\n问：q\n答：" with n = the number of earlier turns.
// Rounds are 0-based in ChatGLM-6B; ChatGLM2-6B changed to 1-based rounds with "\n\n" separators,
// which this template does not render.

import { lastTurn, type Conversation } from '../dataset/conversation';
import type { PromptTemplate, RenderedPrompt, TemplateNote } from './types';

export const chatglm: PromptTemplate = {
  id: 'chatglm',
  label: 'ChatGLM-6B',
  source: 'THUDM/ChatGLM-6B modeling_chatglm.py chat() and ptuning/main.py',
  render(conv: Conversation): RenderedPrompt {
    const last = lastTurn(conv);
    const notes: TemplateNote[] = [];
    // ChatGLM-6B has no system prompt; P-tuning v2 prepends its --source_prefix verbatim.
    let prompt = '';
    if (conv.system) {
      prompt = conv.system;
      notes.push('system-as-prefix');
    }
    const earlier = conv.turns.length - 1;
    if (earlier === 0) {
      prompt += last.user;
    } else {
      for (let i = 0; i < earlier; i++) {
        const t = conv.turns[i];
        prompt += `[Round ${i}]\n问：${t.user}\n答：${t.assistant}\n`;
      }
      prompt += `[Round ${earlier}]\n问：${last.user}\n答：`;
    }
    return { prompt, answer: last.assistant, notes };
  },
};
