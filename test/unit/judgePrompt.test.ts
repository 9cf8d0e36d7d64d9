// The judge's prompt: the built-in one asks for Vicuna's reply format, answers go in verbatim, and a
// workspace prompt file is checked (every placeholder there, none misspelt) with a located error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEFAULT_JUDGE_PROMPT, JudgePromptError, PROMPT_VERSION, buildJudgeMessages, parseJudgePrompt } from '../../extension/core/review/judgePrompt';

const Q = '盗窃罪的立案标准是什么？';
const A1 = '根据《刑法》第264条，盗窃公私财物，数额较大的，构成盗窃罪。\n\n  {answer2} 这一串是回答里的原文。';
const A2 = '一般为一千元至三千元以上。$& $1 ';

describe('the built-in prompt', () => {
  it('is versioned and asks for the scores of Assistant 1 then 2 on the first line', () => {
    assert.equal(DEFAULT_JUDGE_PROMPT.version, PROMPT_VERSION);
    assert.match(PROMPT_VERSION, /^vicuna-zh-\d+$/);
    assert.match(DEFAULT_JUDGE_PROMPT.template, /1到10/);
    assert.match(DEFAULT_JUDGE_PROMPT.template, /单独的一行.*只包含两个数字.*助手1和助手2.*空格/s);
  });
  it('puts the question and both answers in verbatim, each once, in order, and substitutes nothing inside them', () => {
    const [system, user] = buildJudgeMessages(DEFAULT_JUDGE_PROMPT, Q, A1, A2);
    assert.equal(system.role, 'system');
    assert.equal(user.role, 'user');
    assert.equal(user.content.split(A1).length, 2);
    assert.equal(user.content.split(A2).length, 2);
    assert.ok(user.content.indexOf(Q) < user.content.indexOf(A1));
    assert.ok(user.content.indexOf(A1) < user.content.indexOf(A2));
    assert.doesNotMatch(user.content, /\{question\}|\{answer1\}/);
  });
});

describe('a prompt file', () => {
  const file = 'judge-prompt.txt';
  it('is used as written, with an optional system line, and versioned by its text', () => {
    const p = parseJudgePrompt('system: 你是法官。\n问：{question}\n甲：{answer1}\n乙：{answer2}\n只输出两个分数。', file);
    assert.equal(p.system, '你是法官。');
    const [system, user] = buildJudgeMessages(p, Q, 'A', 'B');
    assert.equal(system.content, '你是法官。');
    assert.equal(user.content, `问：${Q}\n甲：A\n乙：B\n只输出两个分数。`);
    assert.match(p.version, /^custom-[0-9a-z]+$/);
    assert.equal(parseJudgePrompt('system: 你是法官。\n问：{question}\n甲：{answer1}\n乙：{answer2}\n只输出两个分数。', file).version, p.version);
    assert.notEqual(parseJudgePrompt('{question} {answer1} {answer2}', file).version, p.version);
    assert.notEqual(p.version, PROMPT_VERSION);
  });
  it('without a system line keeps the built-in system message', () => {
    const p = parseJudgePrompt('{question}\n{answer1}\n{answer2}', file);
    assert.equal(p.system, DEFAULT_JUDGE_PROMPT.system);
  });
  it('missing a placeholder: the error names the file and every missing one', () => {
    assert.throws(() => parseJudgePrompt('问：{question}\n答：{answer1}', file), (e: Error) => {
      assert.ok(e instanceof JudgePromptError);
      assert.equal(e.message, 'judge-prompt.txt: the prompt has no {answer2}; it needs {question}, {answer1} and {answer2}');
      return true;
    });
    assert.throws(() => parseJudgePrompt('随便写点', file), /no \{question\}, \{answer1\}, \{answer2\}/);
  });
  it('a misspelt placeholder: the error gives its line and column', () => {
    assert.throws(() => parseJudgePrompt('问：{question}\n答一：{answer_1}\n{answer1}{answer2}', file), {
      message: 'judge-prompt.txt:2:4: unknown placeholder {answer_1}; a prompt uses {question}, {answer1} and {answer2}',
    });
    assert.throws(() => parseJudgePrompt('system: x\n{question}{answer1}{answer2}\n{Answer2}', file), /judge-prompt\.txt:3:1: unknown placeholder \{Answer2\}/);
  });
});
