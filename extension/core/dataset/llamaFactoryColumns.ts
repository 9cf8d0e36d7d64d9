// The columns LLaMA-Factory reads beside a layout's own fields, in both its formattings (data/README.md):
// a tool description, image / video / audio paths, and KTO's human feedback. LexReview treats them as
// extra fields: no layout owns them, so every conversion carries them along unchanged, and
// dataset_info.json names them as columns whenever the file has them. A record whose value LLaMA-Factory
// would misread does not fit its layout.
import type { JsonObject } from './types';
import { translate } from '../l10n';

export const LLAMA_FACTORY_EXTRAS = ['tools', 'images', 'videos', 'audios', 'kto_tag'] as const;
export type LlamaFactoryExtra = (typeof LLAMA_FACTORY_EXTRAS)[number];

const MEDIA = ['images', 'videos', 'audios'] as const;

/** Why one of the record's LLaMA-Factory extra columns would be misread, or undefined. Absent and null are fine. */
export function explainExtras(r: JsonObject): string | undefined {
  const tag = r.kto_tag;
  // LLaMA-Factory takes a KTO example only when the tag is a boolean; anything else silently is not one.
  if (tag !== undefined && tag !== null && typeof tag !== 'boolean') return translate("'{0}' is not true or false", 'kto_tag');
  // The tool description is JSON text that LLaMA-Factory parses itself.
  if (r.tools !== undefined && r.tools !== null && typeof r.tools !== 'string') return translate("'{0}' is not a string (LLaMA-Factory reads it as JSON text)", 'tools');
  for (const key of MEDIA) {
    const v = r[key];
    if (v === undefined || v === null || typeof v === 'string') continue;
    if (!Array.isArray(v) || v.some((p) => typeof p !== 'string')) return translate("'{0}' is not a list of paths", key);
  }
  return undefined;
}
