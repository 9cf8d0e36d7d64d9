// Reading the two scores out of a judge's reply. The prompt (judgePrompt.ts) asks for Vicuna's
// format: a first line with only the two scores, Assistant 1's then Assistant 2's. Models deviate
// in a few well-known ways (8/10 7/10, 8分 7分, full-width digits, labelled scores, markdown bold,
// a label line before the scores); those are read. Anything else is 'unparsed': a reply is never
// searched for numbers, because a number in the explanation (《刑法》第264条, "3 points") is not a
// score, and a guessed score would silently bias the figure.
// Browser-safe (the review panel shows why a reply was not counted).

export type JudgeReplyResult = { status: 'ok'; scores: [number, number] } | { status: 'unparsed' };

export const MIN_SCORE = 1;
export const MAX_SCORE = 10;

const UNPARSED: JudgeReplyResult = { status: 'unparsed' };

/** One piece of a score line: a label naming an assistant (1 or 2), or a score. */
type Item = { label: 1 | 2 } | { score: number };

// Tried at each position of a line, in this order; a line with anything they do not cover is not a score line.
// Label: "Assistant 1", "助手1", "助手一", "AI助手 2", optionally with "'s score" / "的得分" / "得分".
const LABEL = /^(?:ai\s*)?(?:assistant|助手)\s*([12一二])(?:\s*(?:'s)?\s*(?:的)?\s*(?:scores?|ratings?|得分|评分|分数|打分))?/i;
// Score: "8", "7.5", "8/10", "8 / 10", "8分", "8/10分", "8 points".
const SCORE = /^(\d+(?:\.\d+)?)(?:\s*\/\s*(\d+(?:\.\d+)?))?(?:\s*(?:分|points?|pts?\.?))?/i;
// Words a score line may carry around the scores: "Scores:", "评分：", "分别为", "and", "和".
const FILLER = /^(?:scores?|ratings?|评分|分数|得分|打分|分别为|分别是|分别|为|是|and|和|与|vs\.?)/i;
const SEPARATOR = /^[\s,;:|、()[\]（）【】.。!！*_`#>]+/;
// A list marker in front of a line ("- 8 7"); a dash elsewhere is not skipped, so "-1" is never read as 1.
const LIST_MARKER = /^[-+•]\s+/;

/** The scores of a judge's reply, or 'unparsed'. */
export function parseJudgeReply(reply: string): JudgeReplyResult {
  // NFKC makes full-width digits and punctuation (８ ７, ：, ，, ／) plain ASCII.
  const lines = reply.normalize('NFKC').split(/\r\n?|\n/).map((l) => l.trim()).filter((l) => l !== '' && !/^```\w*$/.test(l));
  const first = scoreLine(lines[0] ?? '');
  if (!first) return UNPARSED;
  // A line of labels or filler only ("评分：", "**Assistant 1 Assistant 2**") announces the scores on the next line.
  if (first.every((i) => 'label' in i)) {
    if (first.length > 0 && !isLabelOrder(first)) return UNPARSED;
    return pair(scoreLine(lines[1] ?? ''));
  }
  // "Assistant 1: 8" on one line and "Assistant 2: 7" on the next.
  if (first.length === 2 && 'label' in first[0] && 'score' in first[1]) {
    const next = scoreLine(lines[1] ?? '');
    return next && next.length === 2 && 'label' in next[0] ? pair([...first, ...next]) : UNPARSED;
  }
  return pair(first);
}

/** Labels 1 then 2: a header whose scores follow in that order. */
function isLabelOrder(items: Item[]): boolean {
  return items.length === 2 && 'label' in items[0] && 'label' in items[1] && items[0].label === 1 && items[1].label === 2;
}

/** The items of a line, or undefined when the line holds anything but labels, scores and filler. */
function scoreLine(line: string): Item[] | undefined {
  const items: Item[] = [];
  let rest = line.replace(LIST_MARKER, '');
  while (rest.length > 0) {
    let m: RegExpExecArray | null;
    if ((m = SEPARATOR.exec(rest)) || (m = FILLER.exec(rest))) {
      rest = rest.slice(m[0].length);
    } else if ((m = LABEL.exec(rest))) {
      items.push({ label: m[1] === '1' || m[1] === '一' ? 1 : 2 });
      rest = rest.slice(m[0].length);
    } else if ((m = SCORE.exec(rest))) {
      // "8/10" is out of ten; "8/9" or "4/5" is another scale, not ours.
      if (m[2] !== undefined && Number(m[2]) !== 10) return undefined;
      items.push({ score: Number(m[1]) });
      rest = rest.slice(m[0].length);
    } else {
      return undefined;
    }
  }
  return items;
}

/** Two scores in Assistant 1, Assistant 2 order: bare ("8 7"), labelled ("助手2：7 助手1：8") or after a label header. */
function pair(items: Item[] | undefined): JudgeReplyResult {
  if (!items) return UNPARSED;
  let scores: [number, number] | undefined;
  const kinds = items.map((i) => ('label' in i ? 'L' : 'S')).join('');
  if (kinds === 'SS') {
    scores = [(items[0] as { score: number }).score, (items[1] as { score: number }).score];
  } else if (kinds === 'LSLS' || kinds === 'LLSS') {
    const labels = items.filter((i): i is { label: 1 | 2 } => 'label' in i).map((i) => i.label);
    const values = items.filter((i): i is { score: number } => 'score' in i).map((i) => i.score);
    if (labels[0] === labels[1]) return UNPARSED;
    scores = labels[0] === 1 ? [values[0], values[1]] : [values[1], values[0]];
  }
  if (!scores || !scores.every((s) => s >= MIN_SCORE && s <= MAX_SCORE)) return UNPARSED;
  return { status: 'ok', scores };
}
