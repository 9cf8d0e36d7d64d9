// What the editor's table shows: the document's rows filtered, searched and sorted. Filters are
// the problems that matter in fine-tuning data; search counts every occurrence over all text
// fields, plain or regular expression.
import { hash53 } from '../textHash';
import { explainMisfit, type FieldText, type Layout } from '../layouts';
import { recordTexts } from '../recordTexts';
import type { DatasetModel } from './datasetModel';
import { requiredLiterals, searchRegExp, type SearchSpec } from './searchSpec';
import { CancelledError, type LongOperation } from '../../progress';
import { ROLE_MARKERS, SPECIAL_TOKENS } from '../../templates/markers';
import { isQualityFilter, type QualityFilterId } from './filters';
import { matchSource, type EvaluationSource, type MatchReason, type QualityMatches } from './qualityFilters';

export type FilterId = 'all' | 'blank' | 'duplicateQuestion' | 'lengthOutlier' | 'misfit' | 'templateMarker' | 'edited' | QualityFilterId;

export type { EvaluationSource, SearchSpec };

export interface SortSpec {
  /** A top-level field name, `#` for the document order, or `length` for the total text length. */
  key: string;
  descending: boolean;
}

export interface ViewSpec {
  filter: FilterId;
  /** The evaluation questions of the 'evaluationOverlap' filter. */
  evaluation?: EvaluationSource;
  search?: SearchSpec;
  sort?: SortSpec;
}

export interface ComputedView {
  rows: Int32Array;
  /** Occurrences of the search over the rows of the view. */
  matches?: number;
  searchError?: string;
  /** Set when the computation was cancelled: the rows looked at, of which `rows` matched. */
  scanned?: number;
}

/**
 * Prompt-template markers that should not appear inside training text. Role markers count where a
 * turn would start (the text's start or a new line): "继续盘问：" in ordinary Chinese prose is no
 * template. Special tokens count anywhere.
 */
export const TEMPLATE_MARKERS = new RegExp(String.raw`(?:^|\n)[ \t]*(?:${ROLE_MARKERS})|${SPECIAL_TOKENS}`);

/** Counts occurrences of a search in a text. */
export type Matcher = (text: string) => number;

/** A matcher for the search, or the reason it is invalid (a bad regular expression). */
export function compileSearch(spec: SearchSpec): Matcher | { error: string } {
  if (!spec.regex && spec.caseSensitive) {
    const q = spec.query;
    return (text) => {
      let n = 0;
      for (let i = text.indexOf(q); i >= 0; i = text.indexOf(q, i + q.length)) n++;
      return n;
    };
  }
  let re: RegExp;
  try {
    re = searchRegExp(spec);
  } catch (e) {
    return { error: (e as Error).message };
  }
  return (text) => {
    re.lastIndex = 0;
    let n = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      // An empty match marks nothing (the highlights skip it too) and would never move on.
      if (m[0].length === 0) re.lastIndex++;
      else n++;
    }
    return n;
  };
}

/** The joined question texts of a record: what "duplicate question" compares. */
function questionOf(texts: FieldText[]): string {
  let q = '';
  for (const t of texts) if (t.role === 'question' || t.role === 'input') q += t.text + '\u0000';
  return q;
}

/** Total characters per role, for the length-outlier filter; undefined for a record without roles (a misfit). */
function roleLengths(texts: FieldText[]): { question: number; answer: number } | undefined {
  let question = 0;
  let answer = 0;
  let roles = false;
  for (const t of texts) {
    if (t.role === 'question' || t.role === 'input') question += t.text.length;
    else if (t.role === 'answer' || t.role === 'text') answer += t.text.length;
    roles ||= t.role !== undefined;
  }
  return roles ? { question, answer } : undefined;
}

/** Tukey's "far out" fences: beyond 3 interquartile ranges from the quartiles. */
function farOutFences(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const iqr = q(0.75) - q(0.25);
  return [q(0.25) - 3 * iqr, q(0.75) + 3 * iqr];
}

/** Rows read ahead at a time by a pass over a lazily read file. */
const PREFETCH = 20000;

/** The state of one computation of a view. */
interface ViewPass {
  keep?: (row: number) => boolean;
  matcher?: Matcher;
  /** A row's search count known without parsing it (0: it cannot match), or undefined. */
  rawCount?: (row: number) => number | undefined;
  /** The raw counts are the search counts: base rows need not be parsed for the search. */
  rawIsExact?: boolean;
  searchError?: string;
  rows: number[];
  matches: number;
}

/**
 * The byte sequences a plain search for `query` must find in a record's raw JSON for the record
 * to match: the query as UTF-8, and with non-ASCII characters as \u escapes (as Python's
 * json.dumps writes them by default). Undefined when no pre-filter is safe: the query has
 * characters JSON escapes, or letters whose case a case-insensitive search would fold.
 */
export function rawNeedles(spec: SearchSpec): Uint8Array[] | undefined {
  const q = spec.query;
  // `/` too: JSON writers may escape it as `\/`; and `<>&='`, which HTML-safe writers (Go's
  // encoding/json, Gson) write as \u003c and the like.
  if (spec.regex || q === '' || /["\\/<>&='\u0000-\u001f\u2028\u2029]/.test(q)) return undefined;
  if (!spec.caseSensitive && q.toLowerCase() !== q.toUpperCase()) return undefined;
  const escaped = (upper: boolean) =>
    q.replace(/[^\u0000-\u007f]/g, (c) => {
      const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
      return '\\u' + (upper ? hex.toUpperCase() : hex);
    });
  const forms = new Set([q, escaped(false), escaped(true)]);
  return [...forms].map((f) => new TextEncoder().encode(f));
}

/**
 * For a regular expression, the raw needles of the longest run of characters every match contains
 * (see requiredLiterals): a record without them cannot match. Undefined when there is no safe run.
 */
export function regexNeedles(spec: SearchSpec): Uint8Array[] | undefined {
  if (!spec.regex) return undefined;
  let best: Uint8Array[] | undefined;
  let bestLength = 0;
  for (const run of requiredLiterals(spec.query)) {
    const needles = run.length > bestLength ? rawNeedles({ query: run, regex: false, caseSensitive: spec.caseSensitive }) : undefined;
    if (needles) [best, bestLength] = [needles, run.length];
  }
  return best;
}

/** Whole-dataset facts some filters need, recomputed only when the document changed. */
interface Aggregates {
  version: number;
  questionCounts: Map<number, number>;
  questionFences: [number, number];
  answerFences: [number, number];
}

export class DatasetView {
  private aggregates: Aggregates | undefined;
  /** A detector filter's rows, computed by the caller (qualityFilters.ts: slow, cancellable) and handed in. */
  private matches: QualityMatches | undefined;

  constructor(
    private readonly model: DatasetModel,
    readonly layout: Layout | undefined,
  ) {}

  /**
   * The detector filter `spec` needs and whose matches are missing or stale (another version of
   * the document, another evaluation set): the caller computes them and calls setMatches before
   * computing the view. Undefined when the view can be computed as it is.
   */
  missingMatches(spec: ViewSpec): QualityFilterId | undefined {
    if (!isQualityFilter(spec.filter)) return undefined;
    const m = this.matches;
    const fresh = m && m.filter === spec.filter && m.version === this.model.version && m.source === matchSource(spec.filter, spec.evaluation);
    return fresh ? undefined : spec.filter;
  }

  setMatches(matches: QualityMatches): void {
    this.matches = matches;
  }

  /** Why `row` is in the view of a detector filter (undefined for any other filter). */
  reason(spec: ViewSpec, row: number): MatchReason | undefined {
    return isQualityFilter(spec.filter) && this.missingMatches(spec) === undefined ? this.matches!.rows.get(row) : undefined;
  }

  texts(row: number): FieldText[] {
    return recordTexts(this.model.value(row), this.layout);
  }

  /** The whole view at once: for small documents and tests. */
  compute(spec: ViewSpec): ComputedView {
    const pass = this.prepare(spec);
    this.scan(pass, 0, this.model.count);
    return this.finish(pass, spec);
  }

  /**
   * The view in slices, yielding to the event loop between them and reporting the rows found so
   * far, so that a search over a million records shows its running count and can be cancelled.
   * A plain search first counts its occurrences in the raw bytes, where the base can. Cancelled,
   * it returns what it found so far, with `scanned` saying how far it got.
   */
  async computeAsync(spec: ViewSpec, opts: LongOperation & { onPartial?: (found: number, matches: number | undefined) => void } = {}): Promise<ComputedView> {
    const pass = this.prepare(spec);
    const base = this.model.base;
    const needles = spec.search && pass.matcher ? (rawNeedles(spec.search) ?? regexNeedles(spec.search)) : undefined;
    if (spec.search && needles && base.occurrences) {
      let counts: Uint32Array;
      try {
        counts = await base.occurrences(needles, { signal: opts.signal });
      } catch (e) {
        if (e instanceof CancelledError) return { rows: new Int32Array(0), scanned: 0 };
        throw e;
      }
      // A query with a non-ASCII character cannot occur outside strings nor in the layouts' ASCII
      // keys, and every top-level string is searched, so its raw count is its count (short of
      // non-ASCII keys or text nested in extra fields); other queries, and a regular expression's
      // required characters, only rule records out: the rest are parsed and searched.
      const exact = !spec.search.regex && /[^\u0000-\u007f]/.test(spec.search.query);
      pass.rawIsExact = exact;
      pass.rawCount = (row) => {
        const ref = this.model.baseIndex(row);
        if (ref === undefined) return undefined;
        return counts[ref] === 0 || exact ? counts[ref] : undefined;
      };
    }
    const slice = PREFETCH;
    for (let from = 0; from < this.model.count; from += slice) {
      if (opts.signal?.aborted) return { ...this.finish(pass, spec), scanned: from };
      this.scan(pass, from, Math.min(this.model.count, from + slice));
      opts.onPartial?.(pass.rows.length, pass.matcher ? pass.matches : undefined);
      opts.onProgress?.(Math.min(this.model.count, from + slice), this.model.count);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return this.finish(pass, spec);
  }

  private prepare(spec: ViewSpec): ViewPass {
    const pass: ViewPass = { keep: this.filter(spec.filter), rows: [], matches: 0 };
    if (spec.search && spec.search.query !== '') {
      const compiled = compileSearch(spec.search);
      if (typeof compiled === 'function') pass.matcher = compiled;
      else pass.searchError = compiled.error;
    }
    return pass;
  }

  private scan(pass: ViewPass, from: number, to: number): void {
    const { keep, matcher, rawCount } = pass;
    if (keep || (matcher && !pass.rawIsExact)) this.model.prefetch(from, to);
    for (let row = from; row < to; row++) {
      const known = rawCount?.(row);
      if (known === 0) continue;
      if (keep && !keep(row)) continue;
      if (matcher) {
        let n = known ?? 0;
        if (known === undefined) for (const t of this.texts(row)) n += matcher(t.text);
        if (n === 0) continue;
        pass.matches += n;
      }
      pass.rows.push(row);
    }
  }

  private finish(pass: ViewPass, spec: ViewSpec): ComputedView {
    if (spec.sort) this.sort(pass.rows, spec.sort);
    return { rows: Int32Array.from(pass.rows), matches: pass.matcher ? pass.matches : undefined, searchError: pass.searchError };
  }

  private filter(id: FilterId): ((row: number) => boolean) | undefined {
    switch (id) {
      case 'all':
        return undefined;
      case 'edited':
        return (row) => this.model.isEdited(row);
      case 'misfit':
        return (row) => this.layout === undefined || explainMisfit(this.model.value(row), this.layout) !== undefined;
      case 'blank':
        return (row) => this.texts(row).some((t) => t.role !== 'input' && t.role !== 'system' && !t.extra && t.text.trim() === '');
      case 'templateMarker':
        return (row) => this.texts(row).some((t) => TEMPLATE_MARKERS.test(t.text));
      case 'duplicateQuestion': {
        const { questionCounts } = this.aggregate();
        return (row) => {
          const q = questionOf(this.texts(row));
          return q !== '' && (questionCounts.get(hash53(q)) ?? 0) > 1;
        };
      }
      case 'nearDuplicate':
      case 'evaluationOverlap': {
        // Without fresh matches nothing is kept: the caller computes them first (missingMatches).
        const m = this.matches;
        const fresh = m !== undefined && m.filter === id && m.version === this.model.version;
        return (row) => fresh && m.rows.has(row);
      }
      case 'lengthOutlier': {
        const { questionFences: qf, answerFences: af } = this.aggregate();
        return (row) => {
          const l = roleLengths(this.texts(row));
          return l !== undefined && (l.question < qf[0] || l.question > qf[1] || l.answer < af[0] || l.answer > af[1]);
        };
      }
    }
  }

  private aggregate(): Aggregates {
    if (this.aggregates?.version === this.model.version) return this.aggregates;
    const questionCounts = new Map<number, number>();
    const questions: number[] = [];
    const answers: number[] = [];
    for (let row = 0; row < this.model.count; row++) {
      if (row % PREFETCH === 0) this.model.prefetch(row, Math.min(this.model.count, row + PREFETCH));
      const texts = this.texts(row);
      const q = questionOf(texts);
      if (q !== '') {
        const h = hash53(q);
        questionCounts.set(h, (questionCounts.get(h) ?? 0) + 1);
      }
      const l = roleLengths(texts);
      if (l) {
        questions.push(l.question);
        answers.push(l.answer);
      }
    }
    this.aggregates = {
      version: this.model.version,
      questionCounts,
      questionFences: farOutFences(questions),
      answerFences: farOutFences(answers),
    };
    return this.aggregates;
  }

  private sort(rows: number[], spec: SortSpec): void {
    const dir = spec.descending ? -1 : 1;
    if (spec.key === '#') {
      if (spec.descending) rows.reverse();
      return;
    }
    // Keys are computed once per row, not once per comparison.
    const keys = new Map<number, string | number>();
    for (const row of rows) {
      if (spec.key === 'length') {
        let n = 0;
        for (const t of this.texts(row)) n += t.text.length;
        keys.set(row, n);
      } else {
        const v = this.model.value(row)[spec.key];
        keys.set(row, typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));
      }
    }
    // Stable: ties keep the document order.
    rows.sort((a, b) => {
      const ka = keys.get(a)!;
      const kb = keys.get(b)!;
      return ka < kb ? -dir : ka > kb ? dir : a - b;
    });
  }
}
