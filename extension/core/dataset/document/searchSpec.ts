// What a search is, and the one RegExp both the host's counting and the webview's highlighting
// use, so that the count and the marks always agree.
// Browser-safe: the webview bundles this module (test/unit/layering.test.ts keeps Node out of it).

export interface SearchSpec {
  query: string;
  regex: boolean;
  caseSensitive: boolean;
}

/** The search as a global RegExp: the query escaped unless it is a regular expression. Throws when it is invalid. */
export function searchRegExp(spec: SearchSpec): RegExp {
  const source = spec.regex ? spec.query : spec.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(source, spec.caseSensitive ? 'g' : 'gi');
}

/** Why a regular expression is invalid, in words the UI translates. */
export type RegexProblemKind = 'unterminated-group' | 'unmatched-paren' | 'nothing-to-repeat' | 'unterminated-class' | 'trailing-backslash' | 'other';

export interface RegexProblem {
  kind: RegexProblemKind;
  /** 0-based position in the query of the character at fault, when it can be told. */
  index?: number;
  /** The engine's own message, for `other` (it says "/(/gi: Unterminated group", untranslated). */
  engine: string;
}

/** A quantifier `{n}`, `{n,}` or `{n,m}` at `i`; its length, or 0 (a lone `{` is a literal here). */
function braceQuantifier(q: string, i: number): number {
  const m = /^\{\d+(,\d*)?\}/.exec(q.slice(i, i + 24));
  return m ? m[0].length : 0;
}

/**
 * What is wrong with a regex search, or undefined when it compiles. The engine says what but not
 * where, so a scan of the pattern (the non-Unicode syntax searchRegExp compiles) finds the
 * character at fault for the common mistakes; anything else keeps the engine's message.
 */
export function regexProblem(spec: SearchSpec): RegexProblem | undefined {
  if (!spec.regex || spec.query === '') return undefined;
  let engine: string;
  try {
    searchRegExp(spec);
    return undefined;
  } catch (e) {
    engine = (e as Error).message;
  }
  const q = spec.query;
  const groups: number[] = [];
  let classAt = -1;
  // Whether a quantifier here has nothing to repeat (start, after `(`, `|`, an anchor or a quantifier).
  let bare = true;
  let quantified = false;
  for (let i = 0; i < q.length; i++) {
    const c = q[i];
    if (c === '\\') {
      if (i === q.length - 1) return { kind: 'trailing-backslash', index: i, engine };
      i++;
      if (classAt < 0) [bare, quantified] = [false, false];
      continue;
    }
    if (classAt >= 0) {
      if (c === ']') [classAt, bare, quantified] = [-1, false, false];
      continue;
    }
    const brace = c === '{' ? braceQuantifier(q, i) : 0;
    if (c === '*' || c === '+' || c === '?' || brace) {
      if (c === '?' && quantified) {
        quantified = false; // lazy: `a*?`
        bare = true;
        continue;
      }
      if (bare) return { kind: 'nothing-to-repeat', index: i, engine };
      [bare, quantified] = [true, true];
      if (brace) i += brace - 1;
      continue;
    }
    quantified = false;
    switch (c) {
      case '[':
        classAt = i;
        break;
      case '(': {
        groups.push(i);
        bare = true;
        // (?: (?= (?! (?<= (?<! (?<name>: the `?` opens the group, it repeats nothing.
        if (q[i + 1] === '?') {
          if (':=!'.includes(q[i + 2] ?? '')) i += 2;
          else if (q[i + 2] === '<' && '=!'.includes(q[i + 3] ?? '')) i += 3;
          else if (q[i + 2] === '<' && q.indexOf('>', i) > 0) i = q.indexOf('>', i);
          else return { kind: 'other', engine };
        }
        break;
      }
      case ')':
        if (groups.pop() === undefined) return { kind: 'unmatched-paren', index: i, engine };
        bare = false;
        break;
      case '|':
      case '^':
      case '$':
        bare = true;
        break;
      default:
        bare = false;
    }
  }
  if (classAt >= 0) return { kind: 'unterminated-class', index: classAt, engine };
  if (groups.length) return { kind: 'unterminated-group', index: groups[groups.length - 1], engine };
  return { kind: 'other', engine };
}

/**
 * Runs of plain characters that every match of the regular expression `source` (no u flag)
 * contains, for a raw-byte pre-filter: the top-level literals, not inside a group, a class or an
 * escape, and not made optional by a quantifier. Conservative: anything it does not take apart
 * (escapes, groups, classes, braces, surrogates) only ends a run; a top-level alternation has none.
 * Whether the runs survive case folding is the caller's business.
 */
export function requiredLiterals(source: string): string[] {
  const runs: string[] = [];
  let run = '';
  let depth = 0;
  const endRun = () => {
    if (run !== '') runs.push(run);
    run = '';
  };
  /** The end of a quantifier at i (i itself when there is none), and whether it allows zero. */
  const quantifier = (i: number): { end: number; optional: boolean } => {
    const c = source[i];
    let end = i;
    let optional = false;
    if (c === '*' || c === '?' || c === '+') {
      end = i + 1;
      optional = c !== '+';
    } else if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(source.slice(i));
      if (m) {
        end = i + m[0].length;
        optional = Number(m[1]) === 0;
      }
    }
    if (end > i && source[end] === '?') end++; // lazy
    return { end, optional };
  };
  const isAlnum = (c: string | undefined) => c !== undefined && /[0-9A-Za-z]/.test(c);
  for (let i = 0; i < source.length; ) {
    const c = source[i];
    if (c === '\\') {
      // An escape (a class, an assertion, a back-reference or one character) is never part of a
      // run; its letters and digits are skipped generously (\x41, \u0041, \12).
      endRun();
      i += 2;
      if (source[i - 1] === 'k' && source[i] === '<') i = source.indexOf('>', i) + 1 || source.length;
      else while (isAlnum(source[i])) i++;
      i = quantifier(i).end;
    } else if (c === '[') {
      endRun();
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      i = quantifier(i + 1).end;
    } else if (c === '(') {
      endRun();
      depth++;
      i++;
    } else if (c === ')') {
      endRun();
      depth--;
      i = quantifier(i + 1).end;
    } else if (c === '|') {
      if (depth === 0) return [];
      i++;
    } else if (depth > 0) {
      i++;
    } else if ('^$.*+?{}'.includes(c) || (c >= '\ud800' && c <= '\udfff')) {
      endRun();
      i = c === '^' || c === '$' || c === '.' ? quantifier(i + 1).end : i + 1;
    } else {
      const q = quantifier(i + 1);
      if (q.end === i + 1) {
        run += c;
        i++;
      } else {
        // A quantified character: required once unless the quantifier allows zero; what follows
        // it is not contiguous with the run.
        if (!q.optional) run += c;
        endRun();
        i = q.end;
      }
    }
  }
  endRun();
  return runs;
}
