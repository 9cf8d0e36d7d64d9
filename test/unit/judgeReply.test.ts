// The judge's reply parser: Vicuna's format, every deviation it reads, and the replies it must
// refuse rather than guess a score from.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseJudgeReply } from '../../extension/core/review/judgeReply';

const EXPLANATION = '助手1的回答引用了《刑法》第264条，结论正确；助手2遗漏了数额标准，评分7分。';

function ok(reply: string, a: number, b: number) {
  assert.deepEqual(parseJudgeReply(reply), { status: 'ok', scores: [a, b] }, JSON.stringify(reply));
}
function unparsed(reply: string) {
  assert.deepEqual(parseJudgeReply(reply), { status: 'unparsed' }, JSON.stringify(reply));
}

describe('parseJudgeReply: the format the prompt asks for', () => {
  it('reads the first line with the two scores, Assistant 1 first', () => {
    ok(`8 7\n${EXPLANATION}`, 8, 7);
    ok(`7 8\n${EXPLANATION}`, 7, 8);
    ok('10 1', 10, 1);
    ok('9 9\n\n两者相当。', 9, 9);
  });
  it('keeps decimals', () => {
    ok('7.5 8\n理由', 7.5, 8);
    ok('8.5 6.25', 8.5, 6.25);
  });
  it('ignores the explanation, whatever numbers it holds', () => {
    ok('6 9\n第二个回答正确引用了第264条和第265条，给出了3个要点。', 6, 9);
  });
});

describe('parseJudgeReply: the usual deviations', () => {
  it('out of ten', () => {
    ok('8/10 7/10\n理由', 8, 7);
    ok('8 / 10, 7 / 10', 8, 7);
    ok('8/10分 7/10分', 8, 7);
  });
  it('with 分 or points', () => {
    ok('8分 7分\n理由', 8, 7);
    ok('8分，7分', 8, 7);
    ok('8 points 7 points', 8, 7);
  });
  it('full-width digits and punctuation', () => {
    ok('８ ７\n理由', 8, 7);
    ok('８，７', 8, 7);
    ok('助手１：８　助手２：７', 8, 7);
    ok('１０　９', 10, 9);
  });
  it('commas and other separators', () => {
    ok('8,7', 8, 7);
    ok('8，7', 8, 7);
    ok('8, 7', 8, 7);
    ok('8、7', 8, 7);
    ok('8;7', 8, 7);
    ok('(8, 7)', 8, 7);
    ok('[8, 7]', 8, 7);
    ok('8 7。', 8, 7);
  });
  it('labelled scores on the first line, in either order', () => {
    ok('助手1：8 助手2：7\n理由', 8, 7);
    ok('助手1:8，助手2:7', 8, 7);
    ok('助手1得分：8分，助手2得分：7分', 8, 7);
    ok('助手1的得分为8分，助手2的得分为7分。', 8, 7);
    ok('助手一：8 助手二：7', 8, 7);
    ok('Assistant 1: 8, Assistant 2: 7', 8, 7);
    ok("Assistant 1's score: 8/10; Assistant 2's score: 7/10", 8, 7);
    ok('AI助手1：6 AI助手2：9', 6, 9);
    ok('助手2：7 助手1：8', 8, 7);
    ok('Assistant 2: 3, Assistant 1: 9', 9, 3);
  });
  it('labels then both scores', () => {
    ok('助手1和助手2的评分分别为：8 7', 8, 7);
    ok('Assistant 1 and Assistant 2: 8 7', 8, 7);
  });
  it('a first line of labels or a heading, with the scores on the next line', () => {
    ok('评分：\n8 7\n理由', 8, 7);
    ok('**Scores**\n8 7', 8, 7);
    ok('助手1 助手2\n8 7\n理由', 8, 7);
    ok('Assistant 1 Assistant 2\n8/10 7/10', 8, 7);
    ok('评分：\n助手1：8 助手2：7', 8, 7);
  });
  it('one labelled score per line', () => {
    ok('Assistant 1: 8\nAssistant 2: 7\n\nExplanation …', 8, 7);
    ok('助手1：8分\n助手2：7分', 8, 7);
    ok('- 助手2：5\n- 助手1：9', 9, 5);
  });
  it('leading blank lines, markdown bold, headings, code fences', () => {
    ok('\n\n  8 7\n理由', 8, 7);
    ok('**8 7**\n理由', 8, 7);
    ok('**助手1：8** **助手2：7**', 8, 7);
    ok('### 8 7', 8, 7);
    ok('```\n8 7\n```\n理由', 8, 7);
    ok('`8 7`', 8, 7);
    ok('\r\n8 7\r\n理由', 8, 7);
  });
  it('a score prefix on the line', () => {
    ok('评分：8 7', 8, 7);
    ok('Scores: 8 7', 8, 7);
    ok('分数：8分 7分', 8, 7);
  });
});

describe('parseJudgeReply: never a guessed score', () => {
  it('no scores at all', () => {
    unparsed('');
    unparsed('\n\n');
    unparsed('I rate assistant 1 higher.');
    unparsed('助手1的回答更好。');
    unparsed('I cannot evaluate these answers.');
  });
  it('a number from the explanation is not a score', () => {
    unparsed('根据《刑法》第264条，助手1的回答更准确。\n8 7');
    unparsed('助手1引用了第264条，得8分；助手2得7分。');
    unparsed('Assistant 1 gave 3 points, Assistant 2 gave 5.');
  });
  it('scores only in a later paragraph: the first line decides', () => {
    unparsed('两个回答都涉及盗窃罪的构成要件。\n\n8 7');
    unparsed('Here is my evaluation:\n\nAssistant 1: 8\nAssistant 2: 7');
  });
  it('the wrong count of scores', () => {
    unparsed('8');
    unparsed('8\n7');
    unparsed('8 7 9');
    unparsed('助手1：8');
    unparsed('助手1：8\n理由');
  });
  it('scores out of 1..10, or on another scale', () => {
    unparsed('0 7');
    unparsed('8 11');
    unparsed('10.5 9');
    unparsed('-1 5');
    unparsed('4/5 3/5');
    unparsed('80 70');
  });
  it('a score line with prose on it', () => {
    unparsed('8 7 because assistant 1 cites the law');
    unparsed('8 7，因为助手1更准确');
  });
  it('labels that do not name both assistants', () => {
    unparsed('助手1：8 助手1：7');
    unparsed('Assistant 2: 8\nAssistant 2: 7');
    unparsed('助手2 助手1\n8 7');
    unparsed('助手1\n8 7');
    unparsed('Assistant 3: 8, Assistant 4: 7');
  });
});
