// How much of a model a run trains, shown before launch: the parameter count of a LLaMA-style
// model from its config.json, and the LoRA parameters a rank and target list add (each adapted
// linear layer of d_in × d_out gains r × (d_in + d_out)).
// The share is PEFT's print_trainable_parameters figure, trainable / (base + adapter): that is what
// the team read off their log. Their rank-256, all-linear-layer run on Chinese-LLaMA-Plus-7B (vocab
// 49,954) gives 639.6 M / (6,885.5 M + 639.6 M) = 8.50 %. On the original LLaMA-7B (vocab 32,000,
// 6.74 B) the same adapter is 8.67 % by that formula and 9.49 % of the base model alone: the 8.5 %
// is the Chinese vocabulary's larger embeddings in the denominator, not a different adapter.
// Browser-safe: no Node modules.
import { translate } from '../l10n';
import { LINEAR_MODULES, type RunSpec } from './runSpec';

export interface ModelShape {
  hiddenSize: number;
  intermediateSize: number;
  layers: number;
  heads: number;
  kvHeads: number;
  vocabSize: number;
  tieEmbeddings: boolean;
}

/** The shape from a config.json object; throws a translated error naming the first missing field. */
export function modelShape(config: unknown): ModelShape {
  const c = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>;
  const field = (key: string, fallback?: number): number => {
    const v = c[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      throw new Error(translate("config.json has no usable '{0}': the parameter count needs a LLaMA-style config.", key));
    }
    return v;
  };
  const heads = field('num_attention_heads');
  return {
    hiddenSize: field('hidden_size'),
    intermediateSize: field('intermediate_size'),
    layers: field('num_hidden_layers'),
    heads,
    kvHeads: field('num_key_value_heads', heads),
    vocabSize: field('vocab_size'),
    tieEmbeddings: c.tie_word_embeddings === true,
  };
}

/** Each linear layer of one block: [d_in, d_out]. */
function linearLayers(s: ModelShape): Record<(typeof LINEAR_MODULES)[number], [number, number]> {
  const h = s.hiddenSize;
  const kv = (h / s.heads) * s.kvHeads;
  const i = s.intermediateSize;
  return { q_proj: [h, h], k_proj: [h, kv], v_proj: [h, kv], o_proj: [h, h], gate_proj: [h, i], up_proj: [h, i], down_proj: [i, h] };
}

/** All parameters: embeddings, the untied output head, per block the linear layers and two RMSNorms, the final norm. */
export function totalParameters(s: ModelShape): number {
  const block = Object.values(linearLayers(s)).reduce((n, [a, b]) => n + a * b, 0) + 2 * s.hiddenSize;
  const embeddings = s.vocabSize * s.hiddenSize * (s.tieEmbeddings ? 1 : 2);
  return embeddings + s.layers * block + s.hiddenSize;
}

/** LoRA's added parameters for `rank` on `target` (`all`: every linear layer of every block). */
export function loraParameters(s: ModelShape, rank: number, target: 'all' | readonly string[]): number {
  const layers = linearLayers(s);
  const names = target === 'all' ? LINEAR_MODULES : target;
  let perBlock = 0;
  for (const name of names) {
    const dims = Object.hasOwn(layers, name) ? layers[name as keyof typeof layers] : undefined;
    if (dims === undefined) throw new Error(translate("Cannot count LoRA parameters for module '{0}'; known modules: {1}.", name, LINEAR_MODULES.join(', ')));
    perBlock += rank * (dims[0] + dims[1]);
  }
  return s.layers * perBlock;
}

export interface TrainableShare {
  total: number;
  trainable: number;
  /** trainable / (total + added), 0…1; 1 for full fine-tuning. */
  share: number;
}

/** The share a run trains (lora and full; P-tuning models are not LLaMA-style: undefined). */
export function trainableShare(config: unknown, spec: Pick<RunSpec, 'method' | 'lora'>): TrainableShare | undefined {
  const s = modelShape(config);
  const total = totalParameters(s);
  if (spec.method === 'full') return { total, trainable: total, share: 1 };
  if (spec.method !== 'lora' || spec.lora === undefined) return undefined;
  const trainable = loraParameters(s, spec.lora.rank, spec.lora.target);
  return { total, trainable, share: trainable / (total + trainable) };
}
