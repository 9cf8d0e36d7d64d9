// Every threshold of the detectors in one options object, with the defaults and why they are
// what they are. The CLI and the settings override parts of it (qualityOptions merges).
// Browser-safe.

export interface LeakageOptions {
  /** k-gram length of the fingerprints (normalised characters). */
  k: number;
  /** Winnowing window: any shared run of at least w + k − 1 characters is guaranteed to be found. */
  w: number;
  /** One copied span at least this long makes a leak (the default: 32). */
  minSpan: number;
  /** Spans at least this long count towards the covered share … */
  minCoverSpan: number;
  /** … and covering at least this share of the answer make a leak. */
  minCoverage: number;
  /** Shorter shared spans, down to this length, are listed as low-severity overlaps (a statute quoted). */
  minOverlap: number;
  /** Training records listed per finding. */
  maxMatches: number;
  /** Records whose fingerprints are looked at per answer k-gram: bounds the work on a boilerplate k-gram that thousands of records share. */
  maxPostings: number;
  /** Records verified exactly per answer (the ones sharing most fingerprints with it). */
  maxCandidates: number;
}

export interface RepetitionOptions {
  /** Length of the character n-grams counted (normalised characters). */
  n: number;
  /** An n-gram repeats when it occurs at least this many times. */
  minCount: number;
  /** A loop: the characters inside repeating n-grams cover at least this share of the answer … */
  minCoverage: number;
  /** … and at least this share makes it high severity. */
  highCoverage: number;
  /** A sentence (at least this many normalised characters) said minCount times is a loop too. */
  minSentence: number;
  /** n of the reported seq-rep-n metric (Welleck et al. 2019): the share of n-grams that are repeats. */
  seqRepN: number;
}

export interface EndingOptions {
  /** The generation length limit in characters: an answer this long (within lengthSlack) was likely cut by it. Off when undefined. */
  maxLength?: number;
  /** Share of maxLength from which an answer counts as having hit it. */
  lengthSlack: number;
}

export interface ContaminationOptions {
  /** k-gram length and window of the question index: finer than the leakage index, since questions are short. */
  k: number;
  w: number;
  /** A question is nearly in the training set when spans shared with one training text cover this share of it. */
  minCoverage: number;
}

export interface NearDuplicateOptions {
  /** Character shingle length. */
  shingle: number;
  /** LSH bands × rows = MinHash size; the candidate threshold is about (1/bands)^(1/rows). */
  bands: number;
  rows: number;
  /** Verified exact Jaccard similarity of the shingle sets for a pair to count. */
  minJaccard: number;
}

export interface QualityOptions {
  leakage: LeakageOptions;
  repetition: RepetitionOptions;
  endings: EndingOptions;
  contamination: ContaminationOptions;
  nearDuplicates: NearDuplicateOptions;
}

export const DEFAULT_QUALITY_OPTIONS: QualityOptions = {
  // k = w = 16: shared runs of 31 characters or more always share a fingerprint, matching the
  // 32-character leak threshold; shorter shared runs (16–30) are found with a probability that
  // grows with their length, which is enough for overlaps and the covered share.
  leakage: { k: 16, w: 16, minSpan: 32, minCoverSpan: 16, minCoverage: 0.5, minOverlap: 16, maxMatches: 3, maxPostings: 64, maxCandidates: 24 },
  // 8 characters is longer than the phrases a legal answer legitimately repeats ("可以向人民法院",
  // "有期徒刑"), and a third of the answer inside repeated 8-grams is far above what lists and
  // statute quotes produce; a loop of one sentence covers nearly all of it.
  repetition: { n: 8, minCount: 3, minCoverage: 0.3, highCoverage: 0.6, minSentence: 8, seqRepN: 4 },
  endings: { lengthSlack: 0.98 },
  // Guaranteed for shared runs of 11 characters; a question 80 % inside one training text is in it.
  contamination: { k: 8, w: 4, minCoverage: 0.8 },
  // 16 bands × 6 rows: a pair at Jaccard 0.8 becomes a candidate with probability 0.99, one at
  // 0.5 with 0.22 (records of a legal set share boilerplate sentences: a lower threshold drowns
  // the verification in such pairs); 0.8 verified is "the same record, edited".
  nearDuplicates: { shingle: 5, bands: 16, rows: 6, minJaccard: 0.8 },
};

export type QualityOptionsInput = { [K in keyof QualityOptions]?: Partial<QualityOptions[K]> };

/** The defaults with `input`'s parts over them. */
export function qualityOptions(input: QualityOptionsInput = {}): QualityOptions {
  const d = DEFAULT_QUALITY_OPTIONS;
  return {
    leakage: { ...d.leakage, ...input.leakage },
    repetition: { ...d.repetition, ...input.repetition },
    endings: { ...d.endings, ...input.endings },
    contamination: { ...d.contamination, ...input.contamination },
    nearDuplicates: { ...d.nearDuplicates, ...input.nearDuplicates },
  };
}
