// Alpaca-style prompts: Stanford Alpaca, and Chinese-LLaMA-Alpaca v1's variant of it.

import { lastTurn, matchingSplit, type Conversation } from '../dataset/conversation';
import type { PromptTemplate, RenderedPrompt, TemplateId, TemplateNote } from './types';

interface AlpacaStyle {
  id: TemplateId;
  label: string;
  source: string;
  /** The fixed system text, with its trailing blank line. */
  preamble: string;
  /** Stanford's preamble for a record with a non-empty input; without it, input is joined into the instruction. */
  preambleWithInput?: string;
  /** What ends the prompt; the answer follows it directly. */
  responseTag: string;
}

function alpacaTemplate(style: AlpacaStyle): PromptTemplate {
  return {
    id: style.id,
    label: style.label,
    source: style.source,
    render(conv: Conversation): RenderedPrompt {
      const last = lastTurn(conv);
      const notes: TemplateNote[] = [];
      const split = style.preambleWithInput === undefined ? undefined : matchingSplit(conv);
      // An empty system prompt falls back to the preamble, as LLaMA-Factory's `system or default_system` does.
      let prompt: string;
      if (conv.system) {
        prompt = conv.system + '\n\n';
        notes.push('system-replaces-preamble');
      } else {
        prompt = split === undefined ? style.preamble : style.preambleWithInput!;
      }
      const earlier = conv.turns.length - 1;
      if (earlier > 0) notes.push('history-not-native');
      for (let i = 0; i < earlier; i++) {
        const t = conv.turns[i];
        prompt += `### Instruction:\n${t.user}\n\n${style.responseTag}${t.assistant}\n\n`;
      }
      prompt +=
        split === undefined
          ? `### Instruction:\n${last.user}\n\n${style.responseTag}`
          : `### Instruction:\n${split.instruction}\n\n### Input:\n${split.input}\n\n${style.responseTag}`;
      return { prompt, answer: last.assistant, notes };
    },
  };
}

const TASK = 'Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n';

/**
 * tatsu-lab/stanford_alpaca train.py, PROMPT_DICT: the prompt ends with "### Response:" and no
 * newline (its README shows one; the training code has none); the answer and EOS follow directly.
 */
export const stanfordAlpaca = alpacaTemplate({
  id: 'alpaca',
  label: 'Stanford Alpaca',
  source: 'tatsu-lab/stanford_alpaca train.py (PROMPT_DICT)',
  preamble: TASK,
  preambleWithInput:
    'Below is an instruction that describes a task, paired with an input that provides further context. ' +
    'Write a response that appropriately completes the request.\n\n',
  responseTag: '### Response:',
});

/**
 * ymcui/Chinese-LLaMA-Alpaca scripts/training/build_dataset.py, PROMPT_TEMPLATE, the prompt the
 * Chinese-Alpaca(-Plus) LoRAs were trained with: no input variant (input is joined to the
 * instruction with "\n"), and "### Response: " ends with a space. Its inference_hf.py uses a
 * llama.cpp variant ("### Instruction:\n\n…\n\n### Response:\n\n") that the authors say differs
 * from training; the training one is what a fine-tuned model has learned.
 */
export const chineseAlpaca = alpacaTemplate({
  id: 'chinese-alpaca',
  label: 'Chinese-Alpaca (Chinese-LLaMA-Alpaca v1, Chinese-LLaMA-Plus-7B)',
  source: 'ymcui/Chinese-LLaMA-Alpaca scripts/training/build_dataset.py (PROMPT_TEMPLATE)',
  preamble: TASK,
  responseTag: '### Response: ',
});
