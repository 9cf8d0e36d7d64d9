// Broken endings. Truncation: the answer stops mid-sentence (its last character is no sentence
// end) or at the generation length limit. Run-on: it goes on into another turn, with the prompt
// template's markers (core/templates/markers.ts, the same list the dataset editor's filter uses).
// In an answer a role marker counts at a line start, after a sentence end or after white space
// (vicuna renders turns on one line: "… ASSISTANT: a</s>USER: q"), never inside a word, so
// "继续盘问：" is no turn; special tokens count anywhere.
// Browser-safe.
import { translate } from '../l10n';
import { ROLE_MARKERS, SPECIAL_TOKENS } from '../templates/markers';
import { finding, span, type Finding } from './finding';
import type { EndingOptions } from './options';

const RUN_ON = new RegExp(String.raw`(?:^|(?<=[\s。！？!?.…」』”"’）)】>]))(?:${ROLE_MARKERS})|${SPECIAL_TOKENS}`, 'u');

/** Characters a finished sentence may end with. */
const TERMINAL = /[。．.！!？?…~～」』”"’）)】》;；*`\p{Extended_Pictographic}]$/u;
/** Endings that leave the sentence open: a comma, colon or opening bracket, or a word that needs a continuation. */
const OPEN = /(?:[，,、：:（(《“‘\-—]|[的和与及或是在对被把将从向给了为以])$/u;

export function detectEndings(answer: string, opts: EndingOptions): Finding[] {
  const out: Finding[] = [];
  const m = RUN_ON.exec(answer);
  if (m) {
    out.push(finding('endings', 'runon', 'high', translate('runs on into another turn at "{0}"', m[0]), [span(answer, m.index, answer.length)], { metrics: { at: m.index } }));
  }
  const body = answer.replace(/\s+$/u, '');
  if (opts.maxLength !== undefined && answer.length >= opts.maxLength * opts.lengthSlack) {
    out.push(
      finding('endings', 'truncation', 'high', translate('{0} characters: the answer reached the length limit of {1}', answer.length, opts.maxLength), [span(answer, Math.max(0, body.length - 20), body.length)], {
        metrics: { length: answer.length },
      }),
    );
  } else if (!m && body.length > 0 && !TERMINAL.test(body)) {
    const open = OPEN.test(body);
    const last = Array.from(body).pop()!;
    const start = Math.max(0, body.length - 12);
    out.push(finding('endings', 'truncation', open ? 'medium' : 'low', translate('ends mid-sentence at "{0}": no sentence end', last), [span(answer, start, body.length)], { metrics: { length: answer.length } }));
  }
  return out;
}
