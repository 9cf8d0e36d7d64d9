// What a judge run costs: token counts times a small price table per model (USD per million
// tokens, the providers' list prices when written), which a setting may extend or override.
// A model the table does not know has an unknown cost, never 0: a free-looking run that was not
// free is worse than a blank.
// Browser-safe.

export interface TokenPrice {
  /** USD per million prompt tokens. */
  input: number;
  /** USD per million completion tokens. */
  output: number;
}

export type PriceTable = Record<string, TokenPrice>;

export const DEFAULT_PRICES: PriceTable = {
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-4': { input: 30, output: 60 },
};

/** The Batch API bills half the synchronous price. */
export const BATCH_DISCOUNT = 0.5;

/**
 * The price of a model: an exact entry, else the longest entry the name starts with followed by
 * '-' (so 'gpt-3.5-turbo-0125' costs what 'gpt-3.5-turbo' does, and 'gpt-4o' never falls back to 'gpt-4').
 * Entries of `overrides` win over the defaults.
 */
export function priceOf(model: string, overrides: PriceTable = {}): TokenPrice | undefined {
  const table = { ...DEFAULT_PRICES, ...overrides };
  if (table[model]) return table[model];
  let best: string | undefined;
  for (const name of Object.keys(table)) {
    if (model.startsWith(`${name}-`) && (best === undefined || name.length > best.length)) best = name;
  }
  return best === undefined ? undefined : table[best];
}

/** USD for the tokens, or undefined when the model's price is unknown. */
export function costOf(price: TokenPrice | undefined, promptTokens: number, completionTokens: number, factor = 1): number | undefined {
  if (!price) return undefined;
  return ((promptTokens * price.input + completionTokens * price.output) / 1e6) * factor;
}
