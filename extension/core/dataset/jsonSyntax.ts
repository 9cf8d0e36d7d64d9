// Where and why a record's text is not JSON: a small syntax check run only after JSON.parse
// failed, because V8's messages sometimes carry no position ("Unexpected token 'N', … is not
// valid JSON") and never say what the user did (a Python repr, NaN, a trailing comma, a cut
// download). It is iterative (an explicit stack), so 100,000 `[` cannot overflow the call stack,
// and linear, so a 50 MB line is checked in a fraction of a second.
//
// Hand-written rather than taken from a library: jsonc-parser (the obvious candidate) parses by
// recursive descent, accepts trailing commas and comments, and gives no hints of this kind.

import { translate } from '../l10n';

/** Deeper records are refused: JSON.stringify and structured clone overflow the stack near 5,000 levels, and Python's json module stops near 1,000. */
export const MAX_DEPTH = 1000;

export interface JsonSyntaxError {
  /** UTF-16 index in the text. */
  index: number;
  message: string;
}

const enum Expect {
  Value,
  /** Right after `[`: a value or `]`. */
  FirstValue,
  Key,
  /** Right after `{`: a key or `}`. */
  FirstKey,
  Colon,
  After,
}

// Messages are made when a problem is found (not at load), in the process's language.
const PYTHON_WORDS: Record<string, () => string> = {
  NaN: () => translate("NaN is not JSON (Python's json.dumps writes it for a float NaN): use null"),
  Infinity: () => translate("{0} is not JSON (Python's json.dumps writes it for float('inf')): use null or a number", 'Infinity'),
  True: () => translate('{0} is Python, not JSON: use {1} (write the file with json.dumps, not str() or print)', 'True', 'true'),
  False: () => translate('{0} is Python, not JSON: use {1} (write the file with json.dumps, not str() or print)', 'False', 'false'),
  None: () => translate('{0} is Python, not JSON: use {1} (write the file with json.dumps, not str() or print)', 'None', 'null'),
};

const truncated = () => translate('The record ends before it is complete (the file was cut off?)');
const strayNul = () => translate('Stray NUL byte (0x00): the file has bytes that are not text (an interrupted write or copy?)');
const controlCode = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function describe(text: string, i: number): string {
  const c = text.codePointAt(i)!;
  if (c === 0) return strayNul();
  if (c === 0xfffd) return translate('Unexpected U+FFFD (a character that could not be decoded)');
  if (c < 0x20 || c === 0x7f) return translate('Unexpected control character {0}', controlCode(c));
  return translate("Unexpected character '{0}'", String.fromCodePoint(c));
}

/** Skips a string starting at the quote at `i`; returns the index after its closing quote, or an error. */
function skipString(text: string, i: number): number | JsonSyntaxError {
  const n = text.length;
  for (let j = i + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c === 0x5c) {
      const e = text.charCodeAt(j + 1);
      if (j + 1 >= n) break;
      if (e === 0x75) {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
          if (j + 6 > n) break;
          return { index: j, message: translate('Bad \\u escape in a string: it needs four hex digits') };
        }
        j += 5;
      } else if ('"\\/bfnrt'.includes(text[j + 1])) {
        j++;
      } else {
        return { index: j, message: translate("Bad escape '\\{0}' in a string", text[j + 1]) };
      }
    } else if (c < 0x20) {
      if (c === 0) return { index: j, message: strayNul() };
      return { index: j, message: translate('Unescaped control character {0} in a string (a raw line break or tab must be written \\n or \\t)', controlCode(c)) };
    }
  }
  return { index: n, message: translate('The record ends inside a string (the file was cut off?)') };
}

/** Skips a number at `i` (JSON's grammar); returns the index after it, or an error. */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_]\w*/y;

function skipNumber(text: string, i: number): number | JsonSyntaxError {
  NUMBER.lastIndex = i;
  const m = NUMBER.exec(text);
  if (text.startsWith('-Infinity', i)) return { index: i, message: translate("{0} is not JSON (Python's json.dumps writes it for float('inf')): use null or a number", '-Infinity') };
  if (!m) return { index: i, message: i + 1 >= text.length ? truncated() : translate('Bad number') };
  const end = i + m[0].length;
  const next = text.charCodeAt(end);
  // A number cut off by the end of the text (`1.`, `1e`) or followed by more digits (`01`).
  if (next >= 0x30 && next <= 0x39) return { index: end, message: translate('Bad number: no leading zeros in JSON') };
  if (next === 0x2e || next === 0x65 || next === 0x45) return { index: end, message: end + 1 >= text.length ? truncated() : translate('Bad number') };
  return end;
}

/**
 * The first syntax error of `text` as one JSON value, or undefined when it is valid JSON no
 * deeper than `maxDepth`.
 */
export function findJsonError(text: string, maxDepth = MAX_DEPTH): JsonSyntaxError | undefined {
  const n = text.length;
  /** Open containers: true for an object. */
  const stack: boolean[] = [];
  let expect = Expect.Value;
  /** Whether the value expected follows a comma (so a closing bracket means a trailing comma). */
  let afterComma = false;
  let i = 0;
  for (;;) {
    while (i < n && isWs(text.charCodeAt(i))) i++;
    if (i >= n) return stack.length === 0 && expect === Expect.After ? undefined : { index: n, message: truncated() };
    const c = text[i];
    const comma = afterComma;
    afterComma = false;
    // Strings, where a value or a key may stand.
    if ((c === '"' || c === "'") && expect !== Expect.Colon && expect !== Expect.After) {
      const key: boolean = expect === Expect.Key || expect === Expect.FirstKey;
      if (c === "'") return { index: i, message: key ? translate('Single-quoted property name: JSON needs double quotes (a Python repr? write the file with json.dumps)') : translate('Single-quoted string: JSON needs double quotes (a Python repr? write the file with json.dumps)') };
      const end = skipString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      expect = key ? Expect.Colon : Expect.After;
      continue;
    }
    if ((c === ']' || c === '}') && comma) return { index: i, message: translate("Trailing comma before '{0}' (JSON allows none)", c) };
    // An empty array or object.
    if ((c === ']' && expect === Expect.FirstValue) || (c === '}' && expect === Expect.FirstKey)) {
      stack.pop();
      expect = Expect.After;
      i++;
      continue;
    }
    switch (expect) {
      case Expect.Value:
      case Expect.FirstValue: {
        if (c === '{' || c === '[') {
          if (stack.length >= maxDepth) return { index: i, message: translate('Nested more than {0} levels deep', maxDepth) };
          stack.push(c === '{');
          expect = c === '{' ? Expect.FirstKey : Expect.FirstValue;
          i++;
        } else if (c === '-' || (c >= '0' && c <= '9')) {
          const end = skipNumber(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          expect = Expect.After;
        } else if (/[A-Za-z_]/.test(c)) {
          WORD.lastIndex = i;
          const word = WORD.exec(text)![0];
          if (word !== 'true' && word !== 'false' && word !== 'null') {
            if (i + word.length >= n && ['true', 'false', 'null'].some((w) => w.startsWith(word))) return { index: n, message: truncated() };
            return { index: i, message: PYTHON_WORDS[word]?.() ?? translate("Unexpected word '{0}': not a JSON value", word) };
          }
          i += word.length;
          expect = Expect.After;
        } else {
          return { index: i, message: describe(text, i) };
        }
        break;
      }
      case Expect.Key:
      case Expect.FirstKey:
        return { index: i, message: c === '\0' ? strayNul() : translate('Expected property name in double quotes') };
      case Expect.Colon:
        if (c !== ':') return { index: i, message: c === '\0' ? strayNul() : translate("Expected ':' after a property name") };
        expect = Expect.Value;
        i++;
        break;
      case Expect.After: {
        if (stack.length === 0) return { index: i, message: c === '\0' ? strayNul() : translate('Unexpected content after the record') };
        const inObject = stack[stack.length - 1];
        if (c === ',') {
          expect = inObject ? Expect.Key : Expect.Value;
          afterComma = true;
          i++;
        } else if (c === (inObject ? '}' : ']')) {
          stack.pop();
          i++;
        } else {
          return { index: i, message: c === '\0' ? strayNul() : translate("Expected '{0}' or '{1}' after a value", ',', inObject ? '}' : ']') };
        }
        break;
      }
    }
  }
}
