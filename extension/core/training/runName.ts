// The team's model-name rule, `dataset_batchSize_epoch_(penalty)_template`
// (e.g. `law_batch128_epoch6_penalty1.2_vicuna`), read into ModelAttributes and written back.
// One parser for the review store (which files each model's attributes) and the training issue
// (which names its runs with formatRunName, so every generated name parses back).
// Browser-safe: no Node modules (the review panel may show the attributes).
//
// How a name is read (tokens are the parts between `_`; keywords match in any case):
// - attribute tokens, in any order: `batch128` / `bs128` / `batchsize128`; `epoch6` / `epochs6` /
//   `ep6` / `e6`; `penalty1.2` / `rp1.2` / `repetition_penalty1.2` (the two tokens together);
// - the dataset is every token before the first attribute token (`crime_law`), the template
//   every token after the last one (`chinese_alpaca`); unknown tokens between attribute tokens
//   (`lora`, `full`) are ignored: ModelAttributes has no field for them;
// - a name with no attribute token carries a template only when one of its tokens is a known
//   template name: `chatglm_baseline` → {template: 'chatglm'}, `law_vicuna` → {dataset: 'law',
//   template: 'vicuna'}; any other such name (`gpt4`, `mymodel`) carries nothing ({}), since
//   guessing that a lone word is a dataset would file baselines under made-up datasets.
import type { ModelAttributes } from '../review/types';

/** Template names recognised in a name that has no attribute tokens (lower case). */
const KNOWN_TEMPLATES = new Set([
  'alpaca',
  'chinese-alpaca',
  'vicuna',
  'chatglm',
  'chatglm2',
  'chatglm3',
  'glm4',
  'llama2',
  'llama3',
  'qwen',
  'baichuan',
  'baichuan2',
  'chatml',
  'mistral',
  'yi',
]);

const NUMBER = '(\\d+(?:\\.\\d+)?)';
const BATCH = new RegExp(`^(?:batch|batchsize|bs)(\\d+)$`, 'i');
const EPOCH = new RegExp(`^(?:epochs?|ep|e)${NUMBER}$`, 'i');
const PENALTY = new RegExp(`^(?:penalty|rp)${NUMBER}$`, 'i');

type Attribute = 'batchSize' | 'epoch' | 'penalty';

/** The attribute a token sets, with its value; undefined for any other token. */
function attributeOf(token: string): { key: Attribute; value: number } | undefined {
  let m = BATCH.exec(token);
  if (m) return { key: 'batchSize', value: Number(m[1]) };
  m = EPOCH.exec(token);
  if (m) return { key: 'epoch', value: Number(m[1]) };
  m = PENALTY.exec(token);
  if (m) return { key: 'penalty', value: Number(m[1]) };
  return undefined;
}

export function parseRunName(name: string): ModelAttributes {
  const tokens = name.trim().split('_').filter((t) => t !== '');
  const attrs: ModelAttributes = {};
  let first = -1;
  let last = -1;
  for (let i = 0; i < tokens.length; i++) {
    // `repetition_penalty1.2`: the rule's separator splits the keyword itself.
    const joined = tokens[i].toLowerCase() === 'repetition' && i + 1 < tokens.length ? /^penalty\d/i.test(tokens[i + 1]) : false;
    const a = attributeOf(joined ? tokens[i + 1] : tokens[i]);
    if (!a) continue;
    if (attrs[a.key] === undefined) attrs[a.key] = a.value; // a repeated attribute is not the rule: the first one counts
    if (first < 0) first = i;
    last = joined ? ++i : i;
  }
  if (first < 0) {
    const t = tokens.findIndex((tok) => KNOWN_TEMPLATES.has(tok.toLowerCase()));
    if (t < 0) return {};
    return t > 0 ? { dataset: tokens.slice(0, t).join('_'), template: tokens[t] } : { template: tokens[t] };
  }
  if (first > 0) attrs.dataset = tokens.slice(0, first).join('_');
  if (last < tokens.length - 1) attrs.template = tokens.slice(last + 1).join('_');
  return ordered(attrs);
}

/** The attributes in the rule's order, so results compare equal whatever the name's order. */
function ordered(a: ModelAttributes): ModelAttributes {
  const out: ModelAttributes = {};
  if (a.dataset !== undefined) out.dataset = a.dataset;
  if (a.batchSize !== undefined) out.batchSize = a.batchSize;
  if (a.epoch !== undefined) out.epoch = a.epoch;
  if (a.penalty !== undefined) out.penalty = a.penalty;
  if (a.template !== undefined) out.template = a.template;
  return out;
}

/**
 * The run name for these attributes in the rule's canonical spelling
 * (`law_batch128_epoch6_penalty1.2_vicuna`). Throws when the name would not parse back to the
 * same attributes (a dataset alone, a dataset that looks like an attribute, `_` at an edge …),
 * so a name the training side generates is always one the review side understands.
 */
export function formatRunName(attrs: ModelAttributes): string {
  const parts: string[] = [];
  if (attrs.dataset !== undefined) parts.push(attrs.dataset);
  const num = (prefix: string, v: number | undefined, integer: boolean) => {
    if (v === undefined) return;
    if (!Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) throw new Error(`Cannot name a run with ${prefix} ${v}`);
    parts.push(`${prefix}${v}`);
  };
  num('batch', attrs.batchSize, true);
  num('epoch', attrs.epoch, false);
  num('penalty', attrs.penalty, false);
  if (attrs.template !== undefined) parts.push(attrs.template);
  const name = parts.join('_');
  const back = parseRunName(name);
  if (JSON.stringify(back) !== JSON.stringify(ordered(attrs))) {
    throw new Error(`The run name '${name}' would not read back as the same attributes (it reads as ${JSON.stringify(back)})`);
  }
  return name;
}
