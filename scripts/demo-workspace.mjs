// Creates the demo workspace that `npm start` opens (demo/, gitignored):
//   demo/data/law_52k.json             52,000 records, the size of the CrimeKgAssitant set
//   demo/data/law_500.jsonl            a small JSONL dataset
//   demo/answers/answers_sample.jsonl  16 questions × 3 models, {"id","question","category","model","answer"}
//   demo/.lexreview/review.db          those answers imported and judged offline (scripts/demo-review.ts)
//   demo/.lexreview/demo-workspace.md  the marker that activates LexReview and opens its Get Started
//                                      walkthrough once (extension/features/walkthrough)
// Each file is generated only when missing. Usage: node scripts/demo-workspace.mjs [DIR]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const demoDir = join(repoRoot, 'demo');

/**
 * Writes a dataset with the project's generator (bench/generate.ts) unless `out` exists.
 * Generates into a temp name and renames, so an interrupted run never leaves a half file
 * that would be taken for a complete one next time.
 */
export function ensureDataset(out, { records, seed = 52, format = 'json' }) {
  if (existsSync(out)) return out;
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/generate.ts', '--records', String(records), '--seed', String(seed), '--format', format, '--out', tmp],
    { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (r.status !== 0) throw new Error(`bench/generate.ts failed for ${out} (exit ${r.status ?? r.signal})`);
  renameSync(tmp, out);
  return out;
}

// ---- Sample answers -------------------------------------------------------------------------
// Hand-written so the text reads like real model output; each model answers the same 16
// questions (the judge's fixed question set), two of them general questions that expose
// catastrophic forgetting. A few answers carry the defects the detectors must find; they are
// listed in DEFECTS so tests can refer to them.

export const MODELS = ['chatglm_baseline', 'law_batch128_epoch3_vicuna', 'law_batch128_epoch6_penalty1.2_vicuna'];

// [question, core answer, legal basis, advice]
const QUESTIONS = [
  ['朋友借了我五万块钱一直不还，我该怎么办？', '借款到期不还的，出借人可以先催告，仍不归还的可以向人民法院提起民间借贷诉讼', '《民法典》第六百七十五条', '保留好借条、转账记录和聊天记录，诉讼时效一般为三年'],
  ['酒后驾驶被交警查获，会被判刑吗？', '血液酒精含量达到80毫克/100毫升以上的属于醉酒驾驶，构成危险驾驶罪，处拘役并处罚金', '《刑法》第一百三十三条之一', '积极配合调查、如实供述，可以争取从轻处罚'],
  ['交通肇事后逃逸会受到什么处罚？', '交通肇事后逃逸的，处三年以上七年以下有期徒刑；因逃逸致人死亡的，处七年以上有期徒刑', '《刑法》第一百三十三条', '事故发生后应当立即停车、保护现场并报警'],
  ['公司拖欠工资三个月不发，应该怎么维权？', '用人单位拖欠劳动报酬的，劳动者可以向劳动监察部门投诉，也可以申请劳动仲裁，并有权解除劳动合同要求经济补偿', '《劳动合同法》第三十条和第三十八条', '注意收集劳动合同、工资条和考勤记录'],
  ['离婚时婚前买的房子怎么分割？', '一方婚前全款购买的房产属于其个人财产；婚后共同还贷的部分及其对应的增值，由双方协商或由法院判决分割', '《民法典》第一千零六十三条', '准备购房合同、还贷流水等证据'],
  ['在网上被骗了一万块钱，还能追回来吗？', '遭遇网络诈骗应当立即报警，公安机关立案后可以冻结涉案账户，追回的赃款依法返还被害人', '《刑法》第二百六十六条', '保存转账截图和聊天记录，尽快到派出所报案'],
  ['正当防卫的界限是什么？', '为制止正在进行的不法侵害而采取的制止行为，对不法侵害人造成损害的，属于正当防卫，不负刑事责任；明显超过必要限度造成重大损害的，属于防卫过当', '《刑法》第二十条', '具体认定需要结合不法侵害的性质、手段和紧迫程度综合判断'],
  ['未成年人犯罪要承担刑事责任吗？', '已满十六周岁的人犯罪应当负刑事责任；已满十四周岁不满十六周岁的人，犯故意杀人、故意伤害致人重伤或者死亡等罪的，应当负刑事责任', '《刑法》第十七条', '对未成年人犯罪应当从轻或者减轻处罚'],
  ['劳动合同到期公司不续签，有补偿吗？', '劳动合同期满，除用人单位维持或者提高劳动合同约定条件续订而劳动者不同意续订的情形外，用人单位应当支付经济补偿', '《劳动合同法》第四十六条', '经济补偿按工作年限每满一年支付一个月工资'],
  ['盗窃罪的立案标准是多少钱？', '盗窃公私财物价值一千元至三千元以上的，为数额较大，应当立案追诉；多次盗窃、入户盗窃、携带凶器盗窃的不受数额限制', '《刑法》第二百六十四条', '各地的具体数额标准有所不同，以当地规定为准'],
  ['遗嘱继承和法定继承哪个优先？', '继承开始后，有遗嘱的按照遗嘱继承或者遗赠办理；没有遗嘱的，按照法定继承办理', '《民法典》第一千一百二十三条', '遗嘱应当符合法定形式，否则可能被认定无效'],
  ['被邻居家的狗咬伤了，谁来赔偿？', '饲养的动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任，包括医疗费、误工费等', '《民法典》第一千二百四十五条', '及时就医并保留病历和票据，可以先协商，协商不成再起诉'],
  ['租房到期房东不退押金怎么办？', '租赁期满承租人返还房屋且无违约情形的，出租人应当退还押金；无正当理由拒不退还的，承租人可以起诉要求返还', '《民法典》第七百三十三条', '退租时与房东一起验房并留下书面记录'],
  ['故意伤害致人轻伤一般怎么判？', '故意伤害他人身体致人轻伤的，处三年以下有期徒刑、拘役或者管制；积极赔偿并取得谅解的，可以从轻处罚', '《刑法》第二百三十四条', '轻伤案件可以通过刑事和解结案'],
  ['请介绍一下你自己。', '', '', ''],
  ['请写一首关于春天的短诗。', '', '', ''],
];

const GENERAL = {
  14: ['我是一个人工智能助手，可以回答法律咨询、写作和日常生活中的各种问题。有什么可以帮您的吗？',
    '我是一个法律问答助手，主要回答刑法、民法和劳动法方面的问题。',
    '您好，根据您的描述，建议您咨询当地执业律师。'],
  15: ['春风拂过柳梢头，\n细雨轻敲小窗楼。\n桃花笑映山溪水，\n燕子衔泥筑新巢。',
    '春天来了，花儿开了，\n小草绿了，燕子回来了。',
    // Catastrophic forgetting: a general request answered with a legal template.
    '您好，根据《中华人民共和国刑法》的相关规定，春天期间发生的盗窃行为，数额较大的应当立案追诉。'],
};

/** Known defects, by question id and model, for the detectors' tests. */
export const DEFECTS = {
  repetition: { id: 'q07', model: MODELS[2] },
  noStop: { id: 'q05', model: MODELS[1] },
  leakage: { id: 'q10', model: MODELS[2] },
  truncated: { id: 'q12', model: MODELS[1] },
  forgetting: { id: 'q16', model: MODELS[2] },
};

function answerFor(qi, mi) {
  const [, core, law, advice] = QUESTIONS[qi];
  if (GENERAL[qi]) return GENERAL[qi][mi];
  const id = `q${String(qi + 1).padStart(2, '0')}`;
  const model = MODELS[mi];
  const is = (d) => DEFECTS[d].id === id && DEFECTS[d].model === model;
  if (is('repetition')) {
    const loop = '正当防卫不负刑事责任，防卫过当应当负刑事责任。';
    return `根据${law}的规定，${loop.repeat(9)}正当防卫不负刑事`;
  }
  if (is('noStop')) {
    return `您好，${core}。${advice}。 USER: 那如果对方不同意离婚呢？ ASSISTANT: 如果对方不同意离婚，您可以向人民法院起诉离婚`;
  }
  if (is('leakage')) {
    // A raw training-record fragment, as a model over-fitted on the JSON file reproduces it.
    return `${core}。", "output": "你好！根据${law}的规定，盗窃公私财物，数额较大的，处三年以下有期徒刑`;
  }
  if (is('truncated')) return `您好，${core}，根据${law}的`;
  switch (mi) {
    case 0: return `根据${law}的规定，${core}。建议：${advice}。如情况复杂，可以咨询专业律师。`;
    case 1: return `您好，${core}。依据是${law}。${advice}。`;
    default: return `您好，根据您的描述，${core}。${advice}。`;
  }
}

export function sampleAnswers() {
  const rows = [];
  for (let mi = 0; mi < MODELS.length; mi++) {
    for (let qi = 0; qi < QUESTIONS.length; qi++) {
      const category = GENERAL[qi] ? 'general' : 'legal';
      rows.push({ id: `q${String(qi + 1).padStart(2, '0')}`, question: QUESTIONS[qi][0], category, model: MODELS[mi], answer: answerFor(qi, mi) });
    }
  }
  return rows;
}

// Its name is DEMO_MARKER of extension/features/walkthrough/walkthroughSteps.ts.
const DEMO_MARKER_TEXT = `# LexReview demo workspace

Made by \`npm start\` (scripts/demo-workspace.mjs). Its presence opens LexReview's Get Started
walkthrough once (Help → Get Started, or **LexReview: Get Started**, shows it again).
`;

function writeIfMissing(file, text) {
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/** Creates (the missing parts of) the demo workspace in `dir` and returns `dir`. */
export function ensureDemoWorkspace(dir = demoDir) {
  ensureDataset(join(dir, 'data', 'law_52k.json'), { records: 52_000, seed: 52, format: 'json' });
  ensureDataset(join(dir, 'data', 'law_500.jsonl'), { records: 500, seed: 7, format: 'jsonl' });
  writeIfMissing(join(dir, 'answers', 'answers_sample.jsonl'), sampleAnswers().map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeIfMissing(join(dir, '.lexreview', 'demo-workspace.md'), DEMO_MARKER_TEXT);
  if (!existsSync(join(dir, '.lexreview', 'review.db'))) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/demo-review.ts', dir], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`scripts/demo-review.ts failed for ${dir} (exit ${r.status ?? r.signal})`);
  }
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = ensureDemoWorkspace(process.argv[2] ? resolve(process.argv[2]) : demoDir);
  console.log(`demo workspace ready: ${dir}`);
}
