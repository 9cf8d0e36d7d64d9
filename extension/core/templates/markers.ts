// The markers the prompt templates put between turns (alpaca's "### Instruction", vicuna's
// "USER:", ChatGLM's "问：" and "[Round n]", ChatML's <|im_start|>, the </s> end of sequence),
// in one place: the dataset editor's "template markers" filter looks for them in training text,
// the endings detector in answers that ran on into another turn.
// Browser-safe.

/** Role markers: a marker only where a turn would start. */
export const ROLE_MARKERS = String.raw`USER:|ASSISTANT:|Human:|### Instruction|### Response|问：|答：|\[Round \d+\]`;
/** Special tokens: a marker anywhere. */
export const SPECIAL_TOKENS = String.raw`<\/?s>|<\|im_(?:start|end)\|>|<\|endoftext\|>`;
