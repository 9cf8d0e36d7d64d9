// The pair of models a comparison opens on: two checkpoints of one run, told apart by epoch
// (`law_batch128_epoch3_vicuna` vs `law_batch128_epoch6_vicuna`), found from the parsed names.
// The team's real pair also changed the repetition penalty between the two runs
// (`…_epoch6_penalty1.2_vicuna`), so "differs only in epoch" is the best case, not a requirement:
// among the pairs whose epochs are both known and differ, the one whose other attributes
// (dataset, batch size, penalty, template) differ least wins; ties go to the earlier models in
// the set's order. A model whose name carries no epoch (a baseline) is never part of it.
// Browser-safe.
import type { ModelAttributes } from '../review/types';

export interface ModelPair {
  /** The lower epoch. */
  a: string;
  b: string;
  /** The attributes besides epoch that differ (empty: the pair differs only in epoch). */
  alsoDiffer: Array<keyof ModelAttributes>;
}

const OTHER: Array<keyof ModelAttributes> = ['dataset', 'batchSize', 'penalty', 'template'];

export function defaultPair(models: ReadonlyArray<{ name: string; attributes: ModelAttributes }>): ModelPair | undefined {
  let best: ModelPair | undefined;
  for (let i = 0; i < models.length; i++) {
    for (let j = i + 1; j < models.length; j++) {
      const [x, y] = [models[i], models[j]];
      const ex = x.attributes.epoch;
      const ey = y.attributes.epoch;
      if (ex === undefined || ey === undefined || ex === ey) continue;
      const alsoDiffer = OTHER.filter((k) => x.attributes[k] !== y.attributes[k]);
      // A different dataset is another model, not another checkpoint.
      if (alsoDiffer.includes('dataset')) continue;
      if (best && best.alsoDiffer.length <= alsoDiffer.length) continue;
      best = ex < ey ? { a: x.name, b: y.name, alsoDiffer } : { a: y.name, b: x.name, alsoDiffer };
    }
  }
  return best;
}

/**
 * The model to compare `model` with by default: its epoch partner (the other checkpoint of the
 * same run, as defaultPair chooses between two models), the closest one when there are several,
 * else `fallback` (the baseline). `models` in the set's order; ties go to the earlier one.
 */
export function epochPartner(model: string, models: ReadonlyArray<{ name: string; attributes: ModelAttributes }>, fallback: string): string {
  const self = models.find((m) => m.name === model);
  let best: { name: string; differ: number } | undefined;
  if (self) {
    for (const other of models) {
      if (other.name === model) continue;
      const pair = defaultPair([self, other]);
      if (pair && (!best || pair.alsoDiffer.length < best.differ)) best = { name: other.name, differ: pair.alsoDiffer.length };
    }
  }
  return best?.name ?? fallback;
}
