// Deterministic Chinese legal Q&A text for benchmarks and the demo workspace. The vocabulary is
// small and hand-written; lengths follow the CrimeKgAssitant 52k set: questions of ~15–60
// characters, answers of ~100–1,000 with most of them short (about 670 bytes a record).

/** mulberry32: a tiny seeded PRNG, so the same seed always yields the same dataset. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const crimes = ['盗窃罪', '诈骗罪', '故意伤害罪', '交通肇事罪', '危险驾驶罪', '合同诈骗罪', '职务侵占罪', '非法拘禁罪', '寻衅滋事罪', '抢劫罪', '敲诈勒索罪', '侵占罪', '贪污罪', '受贿罪', '非法吸收公众存款罪'];
const subjects = ['我朋友', '我老公', '我的邻居', '公司老板', '一个同事', '我儿子', '房东', '对方司机', '网上认识的人', '我表哥'];
const places = ['在北京', '在上海', '在广州', '在成都', '在杭州', '在武汉', '在老家', '在县城', '在单位', '在小区门口'];
const times = ['去年', '上个月', '三年前', '前天', '春节期间', '两年前', '上周', '今年年初'];
// Acts take an amount so that questions vary the way real ones do (few exact repeats).
const acts: Array<(n: number) => string> = [
  (n) => `借了我${n}万块钱一直不还`,
  (n) => `开车撞伤了行人后逃逸，赔了${n}万`,
  (n) => `在网上骗了我${n * 1000}元`,
  (n) => `酒后驾驶被交警查获，血液酒精含量${80 + n * 7}毫克`,
  (n) => `打架把人打成轻伤，对方要${n}万赔偿`,
  (n) => `拖欠工资${n}个月不给`,
  (n) => `偷了超市价值${n * 300}元的东西`,
  (n) => `挪用公司资金${n * 10}万炒股`,
  (n) => `把我关在房间里${n}天`,
  (n) => `以曝光隐私相威胁要了${n}万`,
];
function situation(r: () => number): string {
  return `${pick(r, subjects)}${pick(r, times)}${pick(r, places)}${pick(r, acts)(1 + Math.floor(r() * 30))}`;
}

// General questions about a crime are few and repeat often; most questions describe a situation.
const generalTemplates: Array<(r: () => number) => string> = [
  (r) => `${pick(r, crimes)}的立案标准是什么？`,
  (r) => `${pick(r, crimes)}一般会判几年？`,
  (r) => `请问${pick(r, crimes)}和${pick(r, crimes)}有什么区别？`,
];
const situationTemplates: Array<(r: () => number) => string> = [
  (r) => `${situation(r)}，该怎么办？`,
  (r) => `${situation(r)}，构成什么罪？会被判刑吗？`,
  (r) => `${situation(r)}，我可以起诉吗？需要准备哪些证据？`,
  (r) => `如果${situation(r)}，还能追究责任吗？`,
];
const sentences = [
  '根据《中华人民共和国刑法》第二百六十四条的规定，盗窃公私财物，数额较大的，或者多次盗窃、入户盗窃、携带凶器盗窃、扒窃的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金。',
  '数额巨大或者有其他严重情节的，处三年以上十年以下有期徒刑，并处罚金。',
  '您可以先收集相关证据，例如转账记录、聊天记录、借条以及证人证言等。',
  '建议您及时向当地公安机关报案，由公安机关依法立案侦查。',
  '如果对方拒不归还，您可以向人民法院提起民事诉讼，要求其返还借款并支付利息。',
  '民间借贷纠纷的诉讼时效为三年，自您知道或者应当知道权利受到损害之日起计算。',
  '故意伤害他人身体致人轻伤的，处三年以下有期徒刑、拘役或者管制。',
  '致人重伤的，处三年以上十年以下有期徒刑。',
  '在道路上醉酒驾驶机动车的，构成危险驾驶罪，处拘役，并处罚金。',
  '交通肇事后逃逸或者有其他特别恶劣情节的，处三年以上七年以下有期徒刑。',
  '具体的量刑还需要结合案件的情节、数额、是否自首、是否取得被害人谅解等因素综合认定。',
  '以非法占有为目的，用虚构事实或者隐瞒真相的方法，骗取数额较大的公私财物的，构成诈骗罪。',
  '各地的数额标准有所不同，一般以三千元至一万元为数额较大的起点。',
  '如果您是被害人，可以在刑事诉讼中提起附带民事诉讼，要求赔偿经济损失。',
  '劳动者可以向劳动监察大队投诉，也可以向劳动争议仲裁委员会申请仲裁。',
  '以上意见仅供参考，建议您携带相关材料咨询当地执业律师。',
  '需要注意的是，证据的真实性、合法性和关联性是法院审查的重点。',
  '行为人主动投案并如实供述自己罪行的，属于自首，可以从轻或者减轻处罚。',
  '非法拘禁他人或者以其他方法非法剥夺他人人身自由的，处三年以下有期徒刑、拘役、管制或者剥夺政治权利。',
  '具有殴打、侮辱情节的，从重处罚。',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

/** A standard normal sample (Box–Muller). */
function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

export function question(r: () => number): string {
  return pick(r, r() < 0.05 ? generalTemplates : situationTemplates)(r);
}

/** An answer of roughly 100–1,000 characters, log-normally distributed around ~190. */
export function answer(r: () => number): string {
  const target = Math.min(1000, Math.max(100, Math.round(Math.exp(Math.log(170) + 0.45 * normal(r)))));
  let text = '';
  while (text.length < target) text += pick(r, sentences);
  return text.length > 1000 ? text.slice(0, 999) + '。' : text;
}

/** One record of the original 52k layout; about 1 % repeat an earlier question exactly. */
export function* legalRecords(count: number, seed: number): Generator<{ input: string; output: string }> {
  const r = rng(seed);
  const recent: string[] = [];
  for (let i = 0; i < count; i++) {
    const input = recent.length > 0 && r() < 0.01 ? pick(r, recent) : question(r);
    if (recent.length < 256) recent.push(input);
    else recent[i % 256] = input;
    yield { input, output: answer(r) };
  }
}
