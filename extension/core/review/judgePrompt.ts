// The judge's prompt: Vicuna's pairwise GPT evaluation (the method behind the team's "% of ChatGLM"),
// written in Chinese for Chinese legal answers, and the workspace file that may replace it.
// A prompt carries a version that goes into every judgment's cache key, so judgments made with
// another prompt are never mistaken for this one's.
// Browser-safe (the review panel may show the prompt).
import { hash53 } from '../dataset/textHash';
import { translate } from '../l10n';

export interface JudgePrompt {
  /** 'vicuna-zh-1' for the built-in prompt; `custom-<hash of the text>` for a workspace file. */
  version: string;
  system: string;
  /** The user message, with the placeholders {question}, {answer1} and {answer2}. */
  template: string;
}

export const PROMPT_VERSION = 'vicuna-zh-1';

export const PLACEHOLDERS = ['question', 'answer1', 'answer2'] as const;

const DEFAULT_SYSTEM = '你是一名严谨、公正的评审助手，负责检查回答的质量。';

// Vicuna's structure (question, the two answers between start/end markers, then the instruction
// and the reply format: one line with only the two scores, then the explanation), restated in
// Chinese with what a legal answer is judged on. The reply format is the parser's contract
// (judgeReply.ts): change it only with a new PROMPT_VERSION.
const DEFAULT_TEMPLATE = `[问题]
{question}

[助手1的回答开始]
{answer1}
[助手1的回答结束]

[助手2的回答开始]
{answer2}
[助手2的回答结束]

[评审要求]
请评价上面两位AI助手对该问题的回答。请从有用性、相关性、准确性（法律条文与结论是否正确）和详细程度四个方面考虑，为每位助手给出一个1到10的整体分数，分数越高表示整体表现越好。
请先输出单独的一行，这一行只包含两个数字：依次是助手1和助手2的分数，两个数字之间用一个空格隔开。
从下一行开始，请详细说明你的评价理由。请避免任何偏见，回答出现的先后顺序不应影响你的判断，回答的长短本身也不应影响你的判断。`;

export const DEFAULT_JUDGE_PROMPT: JudgePrompt = { version: PROMPT_VERSION, system: DEFAULT_SYSTEM, template: DEFAULT_TEMPLATE };

/** A prompt file that cannot be used; the message names the file, and the line and column where it can. */
export class JudgePromptError extends Error {}

const PLACEHOLDER_RE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * A workspace prompt file. Its format: the whole text is the user message, with {question},
 * {answer1} and {answer2} where the question and the two answers go (each at least once, verbatim).
 * An optional first line `system: …` replaces the system message. Any other {name} is refused,
 * so a misspelt placeholder like {answer_1} is an error rather than text sent to the judge.
 * The version is a hash of the file's text: editing the prompt starts a fresh cache.
 */
export function parseJudgePrompt(text: string, file: string): JudgePrompt {
  let body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let system = DEFAULT_SYSTEM;
  let lineOffset = 0;
  const systemLine = /^system:[ \t]*(.*)\n/i.exec(body);
  if (systemLine) {
    system = systemLine[1].trim();
    body = body.slice(systemLine[0].length);
    lineOffset = 1;
    if (!system) throw new JudgePromptError(translate('{0}: the system line is empty', `${file}:1:8`));
  }
  const seen = new Set<string>();
  for (const m of body.matchAll(PLACEHOLDER_RE)) {
    const name = m[1];
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      const { line, column } = position(body, m.index);
      throw new JudgePromptError(translate('{0}: unknown placeholder {1}; a prompt uses {2}, {3} and {4}', `${file}:${line + lineOffset}:${column}`, `{${name}}`, '{question}', '{answer1}', '{answer2}'));
    }
    seen.add(name);
  }
  const missing = PLACEHOLDERS.filter((p) => !seen.has(p));
  if (missing.length > 0) {
    throw new JudgePromptError(translate('{0}: the prompt has no {1}; it needs {2}, {3} and {4}', file, missing.map((p) => `{${p}}`).join(', '), '{question}', '{answer1}', '{answer2}'));
  }
  return { version: customPromptVersion(text), system, template: body };
}

/** The version of a prompt read from a file: the same text always gives the same version. */
export function customPromptVersion(text: string): string {
  return `custom-${hash53(text).toString(36)}`;
}

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/**
 * The chat messages for one judgment. The placeholders are filled in one pass, so an answer that
 * itself contains "{answer2}" is sent as written and never substituted again.
 */
export function buildJudgeMessages(prompt: JudgePrompt, question: string, answer1: string, answer2: string): ChatMessage[] {
  const values: Record<string, string> = { question, answer1, answer2 };
  const content = prompt.template.replace(PLACEHOLDER_RE, (whole, name: string) => values[name] ?? whole);
  return [
    { role: 'system', content: prompt.system },
    { role: 'user', content },
  ];
}

function position(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}
