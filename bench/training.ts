// The training-log target of issue 17, for `npm run bench` (bench/run.ts calls trainingBench):
// parsing a 100k-line training log ≤ 300 ms, in both formats: LLaMA-Factory's trainer_log.jsonl
// and the HF Trainer's stdout (Python dicts among tqdm redraws). The bytes go through
// TrainLogReader in 64 KiB chunks, as polling delivers them. Each figure is printed with its ratio
// to a baseline measured in the same run on the same bytes: decode, split into lines, JSON.parse
// each (for stdout: each line's dict with its quotes swapped, the cheapest thing that reads it).
// BENCH_RUNS sets the timed runs per figure (median; default 15). Alone: node --import tsx bench/training.ts
import { TrainLogReader, type LogFormat } from '../extension/core/training/trainerLog';
import { rng } from './legalText';
import { runStandalone } from './standalone';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const LINES = 100_000;
const CHUNK = 64 * 1024;

/**
 * Median wall time and median CPU time (user + system of this process) of RUNS runs after two
 * warm-ups. On a shared machine the wall time includes waiting for a core; the CPU time does not,
 * and is what the target means on an idle one.
 */
function timed(f: () => unknown): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    f();
    const used = process.cpuUsage(c);
    if (i < 2) continue;
    wall.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
  return { wall: mid(wall), cpu: mid(cpu) };
}

const hms = (s: number) => `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(Math.floor(s) % 60).padStart(2, '0')}`;

/** LLaMA-Factory's trainer_log.jsonl for a LINES-step run (a loss per step, an eval every 1,000, a NaN now and then). */
function jsonlLog(r: () => number): string {
  const out: string[] = [];
  for (let step = 1; step <= LINES; step++) {
    const epoch = Math.round((step / LINES) * 3 * 100) / 100;
    const elapsed = hms(step * 5.8);
    const remaining = hms((LINES - step) * 5.8);
    const loss = r() < 0.001 ? 'NaN' : (2 * Math.exp(-step / 30000) + r() * 0.1).toFixed(4);
    const extra = step % 1000 === 0 ? `, "eval_loss": ${(1.5 + r() * 0.1).toFixed(4)}` : '';
    out.push(`{"current_steps": ${step}, "total_steps": ${LINES}, "loss": ${loss}${extra}, "lr": ${(1e-4 * (1 - step / LINES)).toExponential(3)}, "epoch": ${epoch}, "percentage": ${((step / LINES) * 100).toFixed(2)}, "elapsed_time": "${elapsed}", "remaining_time": "${remaining}"}`);
  }
  return out.join('\n') + '\n';
}

/** The HF Trainer's stdout: per line a few tqdm redraws, then the log dict (nan now and then). */
function stdoutLog(r: () => number): string {
  const out: string[] = [];
  for (let step = 1; step <= LINES; step++) {
    const pct = Math.floor((step / LINES) * 100);
    const bar = `\r${String(pct).padStart(3)}%|${'█'.repeat(pct / 10)}${' '.repeat(10 - Math.floor(pct / 10))}| ${step}/${LINES} [${hms(step * 5.8).slice(2)}<${hms((LINES - step) * 5.8)},  5.80s/it]`;
    const loss = r() < 0.001 ? 'nan' : (2 * Math.exp(-step / 30000) + r() * 0.1).toFixed(4);
    out.push(`${bar}${bar}\r{'loss': ${loss}, 'grad_norm': ${(r() * 2).toFixed(4)}, 'learning_rate': ${(1e-4 * (1 - step / LINES)).toExponential(2)}, 'epoch': ${((step / LINES) * 3).toFixed(2)}}`);
  }
  return out.join('\n') + '\n';
}

function parse(format: LogFormat, bytes: Uint8Array): number {
  const reader = new TrainLogReader(format);
  let n = 0;
  for (let i = 0; i < bytes.length; i += CHUNK) n += reader.feed(bytes.subarray(i, i + CHUNK)).length;
  return n + reader.flush().length;
}

function baseline(format: LogFormat, bytes: Uint8Array): number {
  let n = 0;
  for (const line of new TextDecoder().decode(bytes).split('\n')) {
    if (line === '') continue;
    try {
      JSON.parse(format === 'trainer-log' ? line : line.slice(line.lastIndexOf('{')).replace(/'/g, '"'));
      n++;
    } catch {
      /* a nan or inf: the baseline does not read those */
    }
  }
  return n;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`.padStart(10);

export async function trainingBench(): Promise<number> {
  const r = rng(17);
  const logs: Array<[LogFormat, string, Uint8Array]> = [
    ['trainer-log', 'trainer_log.jsonl', new TextEncoder().encode(jsonlLog(r))],
    ['stdout', 'train.log (HF stdout + tqdm)', new TextEncoder().encode(stdoutLog(r))],
  ];
  console.log(`\nTraining logs (#17): ${LINES.toLocaleString('en-US')} lines per format, read in ${CHUNK / 1024} KiB chunks; median of ${RUNS} runs after 2 warm-ups (CPU time of this process, and wall time); baseline: split into lines + JSON.parse each`);
  let missed = 0;
  for (const [format, label, bytes] of logs) {
    const points = parse(format, bytes);
    if (points !== LINES) throw new Error(`${label}: ${points} points parsed, expected ${LINES}`);
    const base = timed(() => baseline(format, bytes));
    const ours = timed(() => parse(format, bytes));
    const ok = ours.cpu <= 300;
    if (!ok) missed++;
    const mb = (bytes.length / 2 ** 20).toFixed(1);
    console.log(`  ${`baseline, ${label} (${mb} MB)`.padEnd(52)} ${fmt(base.cpu)} cpu ${fmt(base.wall)} wall`);
    console.log(
      `  ${`TrainLogReader, ${label}`.padEnd(52)} ${fmt(ours.cpu)} cpu ${fmt(ours.wall)} wall ${`${(ours.cpu / base.cpu).toFixed(2)}×`.padStart(8)}  (target ≤ 300 ms cpu: ${ok ? 'ok' : 'MISSED'})`,
    );
  }
  return missed;
}

if (require.main === module) runStandalone(trainingBench);
