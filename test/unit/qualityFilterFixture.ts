// The records the detector filters are tested on (unit and e2e): a near duplicate of record 0
// (record 4) and an evaluation question inside a longer one (record 6, holding DRUNK).
export const LOAN = '借款到期不还的，出借人可以先催告，仍不归还的可以向人民法院提起民间借贷诉讼。请保留好借条、转账记录和聊天记录，诉讼时效一般为三年。';
export const DRUNK = '酒后驾驶被交警查获，会被判刑吗？';
export const FILTER_RECORDS = [
  { input: '朋友借钱不还怎么办？', output: LOAN },
  { input: '交通肇事后逃逸会受到什么处罚？', output: '交通肇事后逃逸的，处三年以上七年以下有期徒刑；因逃逸致人死亡的，处七年以上有期徒刑。事故发生后应当立即停车、保护现场并报警。' },
  { input: DRUNK, output: '血液酒精含量达到80毫克/100毫升以上的属于醉酒驾驶，构成危险驾驶罪，处拘役并处罚金。' },
  { input: '离婚时婚前买的房子怎么分割？', output: '一方婚前全款购买的房产属于其个人财产；婚后共同还贷的部分及其对应的增值，由双方协商或由法院判决分割。' },
  // Record 0 again with a word changed: a near duplicate.
  { input: '朋友借钱不还怎么办？', output: LOAN.replace('三年', '3年') },
  { input: '正当防卫的界限是什么？', output: '为制止正在进行的不法侵害而采取的制止行为，对不法侵害人造成损害的，属于正当防卫，不负刑事责任。' },
  // The evaluation question inside a longer question: nearly contained.
  { input: `请问：${DRUNK}`, output: '醉酒驾驶机动车的，处拘役，并处罚金。' },
];
