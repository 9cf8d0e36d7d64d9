// The candidate's answer cut into runs to render in place: where a detector's evidence spans lie
// (each run knows which flag kinds mark it) and, with the inline diff on, which parts the other
// model's answer lacks (added) or had (removed, drawn between the candidate's own text). Pure, no
// DOM: the component makes each run a text node (inside <mark>, <ins> or <del>), never HTML.
// Cuts fall only on whole code points: the spans are widened (evidenceView.ts wholeSpan), and
// jsdiff's segments are made of code points already.
import { placeSegments, sideText, type DiffSegment } from '../../extension/core/diff/answerDiff';
import { wholeSpan } from '../../extension/core/quality/evidenceView';
import type { FlagKind } from '../../shared/reviewPanel/protocol';

/** A span of the candidate's text that a flag's evidence points at. */
export interface Mark {
  start: number;
  end: number;
  kind: FlagKind;
}

export interface TextRun {
  text: string;
  change: 'same' | 'added' | 'removed';
  /** The flag kinds whose evidence covers this run, each once, in the order of `marks`. */
  kinds: FlagKind[];
}

/**
 * `text` (the candidate's answer) in runs. `segments`: an inline diff whose new side is `text`
 * (one whose new side is not, made for another text, is ignored rather than drawn wrong).
 */
export function textRuns(text: string, marks: readonly Mark[], segments?: readonly DiffSegment[]): TextRun[] {
  const spans = marks.flatMap((m) => {
    const w = wholeSpan(text, m.start, m.end);
    return w ? [{ ...w, kind: m.kind }] : [];
  });
  const diff = segments && sideText(segments, 'new') === text ? segments : [{ kind: 'same' as const, text }];
  const out: TextRun[] = [];
  const push = (run: TextRun) => {
    if (run.text === '') return;
    const last = out[out.length - 1];
    if (last && last.change === run.change && last.kinds.join() === run.kinds.join()) last.text += run.text;
    else out.push(run);
  };
  for (const seg of placeSegments(diff)) {
    if (seg.kind === 'removed') {
      push({ text: seg.text, change: 'removed', kinds: [] });
      continue;
    }
    const from = seg.newStart;
    const to = from + seg.text.length;
    const cuts = new Set([from, to]);
    for (const s of spans) for (const at of [s.start, s.end]) if (at > from && at < to) cuts.add(at);
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const kinds = [...new Set(spans.filter((s) => s.start <= a && s.end >= b).map((s) => s.kind))];
      push({ text: text.slice(a, b), change: seg.kind, kinds });
    }
  }
  return out;
}
