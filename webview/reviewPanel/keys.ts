// The review panel's keys, in one table the key handler and the key list both read: what a key
// press means depends only on the key and on where the focus is (typing in the note, on a button,
// elsewhere), so it is a pure function, unit-tested without a DOM.
import type { FlagKind } from '../../extension/core/review/types';
import { flagKindText } from '../../extension/core/review/flagText';
import { t } from '../shared/l10n';
import type { ScoreTarget } from '../../shared/reviewPanel/protocol';

/** The letter that toggles each flag on the candidate's answer. */
export const FLAG_KEYS: Record<FlagKind, string> = {
  leakage: 'l',
  repetition: 'r',
  truncation: 't',
  runon: 's',
  forgetting: 'f',
  citation: 'c',
  other: 'o',
};

export type KeyAction =
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'score'; target: ScoreTarget; score: number }
  | { type: 'flag'; kind: FlagKind }
  /** Enter: save the note (when it changed) and go to the next answer. */
  | { type: 'advance' }
  | { type: 'undo' }
  | { type: 'toggleKeys' }
  /** Escape: close the key list, or leave the note. */
  | { type: 'escape' }
  | { type: 'focusNote' }
  /** Shift + a flag's letter: write that flag's note (setting the flag when it has none). */
  | { type: 'flagNote'; kind: FlagKind }
  /** Confirm or reject the first detector suggestion still open. */
  | { type: 'confirmSuggestion' }
  | { type: 'rejectSuggestion' }
  /** The inline diff against another model's answer: on/off, words/characters, the next model. */
  | { type: 'toggleCompare' }
  | { type: 'compareMode' }
  | { type: 'compareNext' }
  /** Show or hide the other reviewers' entries. */
  | { type: 'toggleOthers' };

export interface KeyInput {
  key: string;
  /** KeyboardEvent.code: Shift+1 is key '!' but code 'Digit1' on a US layout. */
  code: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Where the focus is: a text field (the note), a button or select (Enter and Space are theirs), or elsewhere. */
  focus: 'text' | 'control' | 'other';
}

/** The digit of a digit key (from its code, so Shift does not change it), or undefined. */
function digitOf(k: KeyInput): number | undefined {
  const m = /^(?:Digit|Numpad)(\d)$/.exec(k.code) ?? (/^\d$/.test(k.key) ? [k.key, k.key] : null);
  return m ? Number(m[1]) : undefined;
}

/** What a key press does in the panel; undefined: leave it to the browser (typing, a button's own keys). */
export function keyAction(k: KeyInput): KeyAction | undefined {
  const command = k.ctrlKey || k.metaKey;
  if (k.focus === 'text') {
    // In the note every key types, but Enter saves and moves on (Shift+Enter: a new line) and
    // Escape leaves the note. Ctrl+Z there undoes typing, as in any text field.
    if (k.key === 'Enter' && !k.shiftKey && !command && !k.altKey) return { type: 'advance' };
    if (k.key === 'Escape') return { type: 'escape' };
    return undefined;
  }
  if (command && !k.altKey && !k.shiftKey && k.key.toLowerCase() === 'z') return { type: 'undo' };
  if (command || k.altKey) return undefined;
  if (k.key === 'Escape') return { type: 'escape' };
  if (k.key === '?') return { type: 'toggleKeys' };
  if (k.key === 'Enter') return k.focus === 'control' ? undefined : { type: 'advance' };
  const digit = digitOf(k);
  if (digit !== undefined) return { type: 'score', target: k.shiftKey ? 'baseline' : 'candidate', score: digit === 0 ? 10 : digit };
  const flagOf = (letter: string) => (Object.keys(FLAG_KEYS) as FlagKind[]).find((f) => FLAG_KEYS[f] === letter);
  if (k.shiftKey) {
    // Shift + a letter: the letter's key code decides, whatever the layout makes of Shift.
    const letter = /^Key([A-Z])$/.exec(k.code)?.[1].toLowerCase() ?? k.key.toLowerCase();
    if (letter === 'd') return { type: 'compareNext' };
    const kind = flagOf(letter);
    return kind ? { type: 'flagNote', kind } : undefined;
  }
  switch (k.key) {
    case 'j':
    case 'ArrowDown':
    case 'ArrowRight':
      return { type: 'next' };
    case 'k':
    case 'ArrowUp':
    case 'ArrowLeft':
      return { type: 'previous' };
    case 'n':
      return { type: 'focusNote' };
    case 'y':
      return { type: 'confirmSuggestion' };
    case 'x':
      return { type: 'rejectSuggestion' };
    case 'd':
      return { type: 'toggleCompare' };
    case 'w':
      return { type: 'compareMode' };
    case 'v':
      return { type: 'toggleOthers' };
  }
  const kind = flagOf(k.key);
  return kind ? { type: 'flag', kind } : undefined;
}

/** The key list the `?` overlay shows, in the UI's language. */
export function keyList(): Array<{ keys: string; label: string }> {
  return [
    { keys: 'j  ↓  →', label: t('Next answer') },
    { keys: 'k  ↑  ←', label: t('Previous answer') },
    { keys: '1 … 9, 0', label: t('Score the candidate’s answer (0 = 10)') },
    { keys: 'Shift + 1 … 9, 0', label: t('Score the baseline’s answer (0 = 10)') },
    ...(Object.keys(FLAG_KEYS) as FlagKind[]).map((kind) => ({ keys: FLAG_KEYS[kind], label: t('Flag: {0}', flagKindText(kind, t)) })),
    { keys: 'Shift + l r t s f c o', label: t('Write a note on that flag (setting it when it has none)') },
    { keys: 'y', label: t('Confirm the first open detector suggestion') },
    { keys: 'x', label: t('Reject the first open detector suggestion') },
    { keys: 'd', label: t('Show or hide the diff against another model’s answer') },
    { keys: 'w', label: t('Switch the diff between words and characters') },
    { keys: 'Shift + D', label: t('Compare with the next model') },
    { keys: 'v', label: t('Show or hide the other reviewers’ entries') },
    { keys: 'n', label: t('Write a note') },
    { keys: 'Enter', label: t('Save the note and go to the next answer') },
    { keys: 'Ctrl + Z', label: t('Undo the last change') },
    { keys: '?', label: t('Show or hide this list') },
    { keys: 'Esc', label: t('Close this list, or leave the note') },
  ];
}
