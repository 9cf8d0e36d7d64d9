// The arguments of ChatGLM-6B's P-tuning v2 script (`ptuning/main.py`, as its train.sh passes
// them): the uploaded file as --train_file, its prompt / response (and history) columns from the
// layout, pre_seq_len and, when set, --prefix_projection. Epochs rather than train.sh's max_steps,
// and a checkpoint per epoch, as the LLaMA-Factory runs have. Paths are relative to the run folder.
// No precision flag: main.py itself halves the model for P-tuning (train.sh passes none either).
// Browser-safe: no Node modules.
import { layoutById } from '../dataset/layouts';
import { DATA_DIR, dataFileName, OUTPUT_DIR } from './llamaFactoryConfig';
import type { RunSpec } from './runSpec';

/** The script's arguments (without the interpreter or the script itself: launcher.ts adds those). */
export function chatglmPtuningArgs(spec: RunSpec): string[] {
  const p = spec.ptuning;
  if (spec.method !== 'ptuning' || p === undefined) throw new Error('chatglmPtuningArgs: not a P-tuning run');
  const { shape } = layoutById(spec.dataset.layout);
  if (shape.kind !== 'flat') throw new Error(`chatglmPtuningArgs: layout ${spec.dataset.layout} has no prompt/response columns`);
  const args = [
    '--do_train',
    '--train_file', `${DATA_DIR}/${dataFileName(spec)}`,
    '--prompt_column', shape.question,
    '--response_column', shape.answer,
  ];
  if (shape.history !== undefined) args.push('--history_column', shape.history);
  args.push(
    '--overwrite_cache',
    '--model_name_or_path', spec.model,
    '--output_dir', OUTPUT_DIR,
    '--overwrite_output_dir',
    '--max_source_length', String(p.maxSourceLength),
    '--max_target_length', String(p.maxTargetLength),
    '--per_device_train_batch_size', String(spec.perDeviceBatchSize),
    '--gradient_accumulation_steps', String(spec.gradientAccumulation),
    '--num_train_epochs', String(spec.epochs),
    '--logging_steps', String(spec.loggingSteps),
    '--save_strategy', 'epoch',
    '--learning_rate', String(spec.learningRate),
    '--pre_seq_len', String(p.preSeqLen),
  );
  if (p.prefixProjection) args.push('--prefix_projection');
  if (p.quantizationBit !== undefined) args.push('--quantization_bit', String(p.quantizationBit));
  return args;
}
