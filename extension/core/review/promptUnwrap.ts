// The question inside a rendered chat prompt, for LLaMA-Factory's generated_predictions.jsonl,
// whose `prompt` is the whole templated text the model read. Only wrappers that are unmistakable
// are removed, and only the last user turn is kept (earlier turns, a system preamble and special
// tokens go); a prompt no rule recognises is kept whole, trimmed, so nothing is guessed away.
// Browser-safe: no Node modules.

/** Special tokens LLaMA-Factory's decode may leave at the start of a prompt. */
const LEADING_TOKENS = /^(?:\s|<s>|<\|begin_of_text\|>|<\|endoftext\|>|\[gMASK\]|sop|<bos>)+/;

/** Each rule: the text of the last user turn, or undefined when the wrapper is not there. */
const RULES: Array<(p: string) => string | undefined> = [
  // Llama 3: …<|start_header_id|>user<|end_header_id|>\n\nQ<|eot_id|><|start_header_id|>assistant<|end_header_id|>
  (p) => /<\|start_header_id\|>user<\|end_header_id\|>\s*([\s\S]*?)<\|eot_id\|>\s*<\|start_header_id\|>assistant<\|end_header_id\|>\s*$/.exec(lastFrom(p, '<|start_header_id|>user'))?.[1],
  // ChatML (Qwen, Yi): <|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n
  (p) => /<\|im_start\|>user\s*([\s\S]*?)<\|im_end\|>\s*<\|im_start\|>assistant\s*$/.exec(lastFrom(p, '<|im_start|>user'))?.[1],
  // Llama 2 / Mistral: [INST] <<SYS>>…<</SYS>> Q [/INST]
  (p) => /\[INST\]\s*(?:<<SYS>>[\s\S]*?<<\/SYS>>\s*)?([\s\S]*?)\s*\[\/INST\]\s*$/.exec(lastFrom(p, '[INST]'))?.[1],
  // Alpaca and Chinese-Alpaca: ### Instruction:\nQ[\n\n### Input:\nI]\n\n### Response:
  (p) => {
    const m = /### Instruction:\s*([\s\S]*?)(?:\n\s*### Input:\s*([\s\S]*?))?\s*### Response:\s*$/.exec(lastFrom(p, '### Instruction:'));
    return m ? (m[2] ? `${m[1].trim()}\n${m[2].trim()}` : m[1]) : undefined;
  },
  // Vicuna / FastChat: … USER: Q ASSISTANT:
  (p) => /(?:^|\s)USER:\s*([\s\S]*?)\s*ASSISTANT:\s*$/.exec(lastFrom(p, 'USER:'))?.[1],
  // ChatGLM-6B and ChatGLM2-6B rounds: [Round n]\n(\n)问：Q\n(\n)答：
  (p) => /\[Round \d+\]\s*问：([\s\S]*?)\s*答：\s*$/.exec(lastFrom(p, '[Round '))?.[1],
  // ChatGLM3 / GLM-4: <|user|>\nQ<|assistant|>
  (p) => /<\|user\|>\s*([\s\S]*?)\s*<\|assistant\|>\s*$/.exec(lastFrom(p, '<|user|>'))?.[1],
];

/** The prompt from the last occurrence of `marker` on (the whole prompt when it is absent). */
function lastFrom(prompt: string, marker: string): string {
  const i = prompt.lastIndexOf(marker);
  return i < 0 ? prompt : prompt.slice(i);
}

export function questionFromPrompt(prompt: string): string {
  const p = prompt.replace(LEADING_TOKENS, '');
  for (const rule of RULES) {
    const q = rule(p)?.trim();
    if (q) return q;
  }
  return p.trim();
}
