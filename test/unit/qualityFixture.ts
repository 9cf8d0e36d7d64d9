// A labelled test set for the detectors, generated from a seed: training records written from a
// legal vocabulary (word by word, so two records rarely share a long run by chance, while
// statute clauses recur as in real data; questions from templates, which repeat as real ones
// do), and answers of known classes: clean (quoting statutes, with numbered lists that repeat
// "可以"), with a planted verbatim copy of 32–200 characters of a training record, looping, cut
// mid-sentence, running on into another turn.
import { seededRandom, type Random } from '../../extension/core/review/random';
import { normalizeText } from '../../extension/core/quality/normalize';

const pick = <T>(r: Random, xs: readonly T[]): T => xs[r.index(xs.length)];

const who = ['我朋友', '我老公', '我的邻居', '公司老板', '一个同事', '我儿子', '房东', '对方司机', '网上认识的人', '我表哥', '前妻', '合伙人', '物业经理', '装修队', '快递员', '村委会主任'];
const when = ['去年', '上个月', '三年前', '前天', '春节期间', '两年前', '上周', '今年年初', '国庆假期', '半年前', '昨天晚上', '十年前'];
const where = ['在北京', '在上海', '在广州', '在成都', '在杭州', '在武汉', '在老家', '在县城', '在单位', '在小区门口', '在高速路上', '在菜市场'];
const acts = [
  (n: number) => `借了我${n}万块钱一直不还`,
  (n: number) => `开车撞伤了行人后逃逸，赔了${n}万`,
  (n: number) => `在网上骗了我${n * 1000}元`,
  (n: number) => `拖欠工资${n}个月不给`,
  (n: number) => `偷了超市价值${n * 300}元的东西`,
  (n: number) => `挪用公司资金${n * 10}万炒股`,
  (n: number) => `把我关在房间里${n}天`,
  (n: number) => `以曝光隐私相威胁要了${n}万`,
  (n: number) => `卖给我${n}箱假酒`,
  (n: number) => `拒绝退还${n}千元押金`,
];
const advice = ['建议您', '您可以', '一般应当', '稳妥起见', '我们建议', '您不妨', '最好', '律师建议'];
const institutions = ['派出所', '法院', '仲裁委', '消协', '检察院', '劳动监察大队', '调解委员会', '公证处'];
const actions = ['报案', '起诉', '申请仲裁', '投诉', '控告', '反映情况', '申请调解', '咨询'];
const reasons = ['以免超过时效', '胜算更大', '以防证据灭失', '便于查明事实', '省时省钱', '对方会来协商', '法院会支持', '免得被动', '防止转移财产'];
const outcomes = ['可能构成', '涉嫌', '或构成', '一般认定为'];
const crimes = ['盗窃罪', '诈骗罪', '故意伤害罪', '交通肇事罪', '合同诈骗罪', '职务侵占罪', '非法拘禁罪', '敲诈勒索罪', '侵占罪', '销售伪劣产品罪'];
const extras = ['具体看证据', '各地做法不同', '以实际损失为准', '有前科的从重', '和解的可从轻', '有疑问可问律师', '证据越全越好', '别采取过激行为'];
/** Statute clauses of at most 23 normalised characters: quoting one is no leak. */
export const STATUTES = [
  '《刑法》第264条：盗窃数额较大的，处三年以下有期徒刑',
  '《民法典》第675条：借款人应当按期返还借款',
  '《刑法》第133条：肇事后逃逸的，处三年以上七年以下徒刑',
  '《劳动合同法》第30条：应当按时足额支付劳动报酬',
  '《刑法》第266条：诈骗数额较大的，处三年以下有期徒刑',
  '《刑法》第234条：故意伤害他人身体的，处三年以下徒刑',
  '《民法典》第1165条：因过错侵害他人权益的，应担责',
  '《刑法》第238条：非法拘禁他人的，处三年以下有期徒刑',
];

/**
 * The vocabulary's words: the two-character pieces of the phrases above. Sentences are drawn from
 * them word by word, so clean answers use exactly the training data's vocabulary, while two texts
 * share a run of 16 characters (8 words) only by a vanishing chance, as two real answers written
 * independently rarely do; what they do share are the statute quotes, as real answers do.
 */
export const WORDS = Array.from(
  new Set(
    [...who, ...when, ...where, ...advice, ...institutions, ...actions, ...reasons, ...outcomes, ...crimes, ...extras].flatMap((p) => {
      const cjk = p.replace(/[^\u4e00-\u9fff]/g, '');
      return Array.from({ length: Math.floor(cjk.length / 2) }, (_, i) => cjk.slice(2 * i, 2 * i + 2));
    }),
  ),
);

function words(r: Random, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += pick(r, WORDS);
  return out;
}

/** One sentence of 2–3 clauses of 3–7 words. */
function sentence(r: Random): string {
  const clauses = 2 + r.index(2);
  return Array.from({ length: clauses }, () => words(r, 3 + r.index(5))).join('，') + '。';
}

/** A statute quoted the way answers do, with the words around it varying. */
function statuteQuote(r: Random): string {
  return `${pick(r, ['根据', '依照', '按照', '参照'])}${pick(r, STATUTES)}，${words(r, 3 + r.index(4))}。`;
}

/** A numbered list whose items all start with "可以": a list, not a loop. */
function canList(r: Random): string {
  const n = 3 + r.index(3);
  const items = Array.from({ length: n }, (_, i) => `${i + 1}. 可以${words(r, 2 + r.index(4))}`);
  return `${pick(r, ['您有以下几种选择：', '可以这样处理：', '维权途径如下：', '具体来说：'])}\n${items.join('；\n')}。`;
}

/** Acts that no training question has: questions made with them are new. */
export const NEW_ACTS = [
  (n: number) => `把我家的${n}棵果树砍了`,
  (n: number) => `冒用我的名字贷款${n}万`,
  (n: number) => `在直播间卖给我${n}件假货`,
  (n: number) => `私自转卖了我${n}吨钢材`,
];

export function question(r: Random, actPool: ReadonlyArray<(n: number) => string> = acts): string {
  return `${pick(r, who)}${pick(r, when)}${pick(r, where)}${pick(r, actPool)(1 + r.index(40))}，${pick(r, ['该怎么办？', '构成什么罪？', '我可以起诉吗？', '能要回来吗？'])}`;
}

export function cleanAnswer(r: Random): string {
  let text = '您好，';
  const n = 2 + r.index(4);
  for (let i = 0; i < n; i++) text += r.float() < 0.2 ? statuteQuote(r) : sentence(r);
  if (r.float() < 0.5) text += canList(r);
  if (r.float() < 0.6) text += statuteQuote(r);
  return text + pick(r, ['以上意见仅供参考。', '祝您顺利解决问题！', '希望对您有帮助。', '']);
}

export interface TrainingRecord {
  instruction: string;
  input: string;
  output: string;
}

export function trainingRecords(count: number, seed: number): TrainingRecord[] {
  const r = seededRandom(seed);
  return Array.from({ length: count }, () => ({ instruction: question(r), input: '', output: cleanAnswer(r) + cleanAnswer(r) }));
}

export type AnswerClass = 'clean' | 'copy' | 'loop' | 'cut' | 'runon';

export interface LabelledAnswer {
  cls: AnswerClass;
  text: string;
  /** For a copy: the record copied and the copied text's normalised length. */
  source?: number;
  copied?: number;
}

/** A substring of `text` whose normalised length is `length` (or the whole text when shorter). */
function normalisedSlice(r: Random, text: string, length: number): string {
  const norm = normalizeText(text);
  if (norm.text.length <= length) return text;
  const start = r.index(norm.text.length - length + 1);
  return text.slice(norm.offsets[start], norm.offsets[start + length - 1] + 1);
}

const RUN_ONS = [' USER: 那如果对方不还钱呢？ ASSISTANT: 如果对方', '\n\n### Instruction:\n请问', '\n问：还有别的办法吗？\n答：', '<|im_start|>user\n谢谢', '</s>USER: 好的'];

export function labelledAnswers(records: readonly TrainingRecord[], perClass: number, seed: number): LabelledAnswer[] {
  const r = seededRandom(seed);
  const out: LabelledAnswer[] = [];
  for (let i = 0; i < perClass; i++) {
    out.push({ cls: 'clean', text: cleanAnswer(r) });
    const source = r.index(records.length);
    const length = 32 + r.index(169);
    const copy = normalisedSlice(r, records[source].output, length);
    const pre = r.float() < 0.5 ? '您好，' : `您好，${sentence(r)}`;
    out.push({ cls: 'copy', text: `${pre}${copy}${r.float() < 0.5 ? '' : sentence(r)}`, source, copied: normalizeText(copy).text.length });
    const unit = sentence(r);
    out.push({ cls: 'loop', text: `${r.float() < 0.5 ? '您好，' : sentence(r)}${unit.repeat(3 + r.index(8))}${r.float() < 0.5 ? unit.slice(0, 5) : ''}` });
    const whole = cleanAnswer(r).replace(/[。！？!?]+$/u, '');
    // Cut inside the last sentence, after a character that is not punctuation.
    let cutAt = whole.length - 1 - r.index(Math.min(8, whole.length - 1));
    while (cutAt > 1 && /[\p{P}\s]/u.test(whole[cutAt - 1])) cutAt--;
    out.push({ cls: 'cut', text: whole.slice(0, cutAt) });
    out.push({ cls: 'runon', text: cleanAnswer(r) + pick(r, RUN_ONS) });
  }
  return out;
}
