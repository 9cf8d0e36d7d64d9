// Training progress from the three places trainers write it:
// - LLaMA-Factory's `output/trainer_log.jsonl` (its LogCallback): one JSON object per log step,
//   `{"current_steps", "total_steps", "loss", "eval_loss", "lr", "epoch", "percentage",
//   "elapsed_time": "0:10:04", "remaining_time": "1 day, 4:06:56"}` (None values left out; older
//   versions write `learning_rate`). Python's json.dumps writes a diverged loss as bare NaN/Infinity.
// - The HF Trainer's stdout in train.log: Python dict lines `{'loss': 1.2345, 'grad_norm': nan,
//   'learning_rate': 2e-05, 'epoch': 0.5}` between tqdm redraws (`\r 45%|████▌ | 90/200
//   [01:30<01:50, 1.00s/it]`); the dicts carry no step, the training bar does.
// - `output/trainer_state.json` at each checkpoint: `log_history`, `global_step`, `max_steps`.
// LogCursor turns byte chunks read from any offset into whole lines, so polling asks the host only
// for the bytes after the last one read. Browser-safe: no Node modules (the run panel parses too).

/** One logged moment of training: any of its values may be missing (NaN when the trainer logged nan). */
export interface TrainPoint {
  step?: number;
  epoch?: number;
  loss?: number;
  evalLoss?: number;
  learningRate?: number;
  gradNorm?: number;
}

/** Where training stands, as the trainer last said. */
export interface TrainTotals {
  step?: number;
  totalSteps?: number;
  elapsedSeconds?: number;
  remainingSeconds?: number;
  /** When (ms since the epoch, the caller's clock) these totals were read: the ETA counts down from it. */
  observedAt?: number;
}

export interface LineResult {
  point?: TrainPoint;
  totals?: TrainTotals;
}

/** A number from JSON or Python text: NaN, Infinity, nan and inf included; undefined for anything else. */
function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  switch (v) {
    case 'nan':
    case 'NaN':
      return NaN;
    case 'inf':
    case 'Infinity':
      return Infinity;
    case '-inf':
    case '-Infinity':
      return -Infinity;
  }
  return undefined;
}

/**
 * Seconds in Python's timedelta text (`0:10:04`, `1 day, 4:06:56`, `2 days, 0:00:01`) or tqdm's
 * (`01:50`, `1:02:03`); undefined for `?` or anything else.
 */
export function parseDuration(text: string): number | undefined {
  // `H:MM:SS` / `MM:SS` digit by digit: a long log has one or two per line.
  let seconds = 0;
  let field = 0;
  let digits = 0;
  let colons = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      field = field * 10 + (c - 48);
      digits++;
    } else if (c === 58 /* : */ && digits > 0) {
      seconds = (seconds + field) * 60;
      field = 0;
      digits = 0;
      colons++;
    } else {
      return durationWithDays(text);
    }
  }
  return digits > 0 && colons >= 1 && colons <= 2 ? seconds + field : undefined;
}

/** Python's `N day(s), H:MM:SS` (and fractional seconds). */
function durationWithDays(text: string): number | undefined {
  const m = /^\s*(?:(\d+) days?, )?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

/** JSON.parse that also reads Python's bare NaN / Infinity (as the strings num() knows). */
function parseJsonish(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(/(?<=[:\[,]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g, '"$1"'));
    } catch {
      return undefined;
    }
  }
}

/** A point from a log record with HF's keys (`loss`, `eval_loss`, `learning_rate` / `lr`, `epoch`, `step`); undefined without a loss. */
function pointOf(o: Record<string, unknown>, step: number | undefined): TrainPoint | undefined {
  const loss = num(o.loss);
  const evalLoss = num(o.eval_loss);
  if (loss === undefined && evalLoss === undefined) return undefined;
  const p: TrainPoint = {};
  if (step !== undefined) p.step = step;
  const epoch = num(o.epoch);
  if (epoch !== undefined) p.epoch = epoch;
  if (loss !== undefined) p.loss = loss;
  if (evalLoss !== undefined) p.evalLoss = evalLoss;
  const lr = num(o.learning_rate ?? o.lr);
  if (lr !== undefined) p.learningRate = lr;
  const gradNorm = num(o.grad_norm);
  if (gradNorm !== undefined) p.gradNorm = gradNorm;
  return p;
}

/** One line of LLaMA-Factory's trainer_log.jsonl; undefined for a line that is not one. */
export function parseTrainerLogLine(line: string): LineResult | undefined {
  const start = line.indexOf('{');
  if (start < 0) return undefined;
  const o = parseJsonish(start === 0 ? line : line.slice(start));
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined;
  const r = o as Record<string, unknown>;
  const step = num(r.current_steps);
  const totals: TrainTotals = {};
  if (step !== undefined) totals.step = step;
  const total = num(r.total_steps);
  if (total !== undefined && total > 0) totals.totalSteps = total;
  const elapsed = typeof r.elapsed_time === 'string' ? parseDuration(r.elapsed_time) : undefined;
  if (elapsed !== undefined) totals.elapsedSeconds = elapsed;
  const remaining = typeof r.remaining_time === 'string' ? parseDuration(r.remaining_time) : undefined;
  if (remaining !== undefined) totals.remainingSeconds = remaining;
  const point = pointOf(r, step);
  return point ? { point, totals } : { totals };
}

// A tqdm bar with no description (the Trainer's; dataset maps and tokenizers name theirs):
// `45%|████▌     | 90/200 [01:30<01:50,  1.00s/it]`.
const TQDM = /^\s*\d+%\|[^|]*\|\s*(\d+)\/(\d+) \[([\d:]+)<([\d:?]+)/;

/** The values pointOf reads, as a Python dict on stdout gives them (numbers, or `nan` / `inf` as text for num()). */
interface PythonLog {
  loss: unknown;
  eval_loss: unknown;
  learning_rate: unknown;
  epoch: unknown;
  grad_norm: unknown;
  step: unknown;
}

/**
 * The values of a Python dict on a stdout line that pointOf needs; undefined without a dict. One
 * pass over `'key': value, ` pairs into a fixed-shape record, no regex, no JSON: the dicts are the
 * Trainer's own `str(dict)`, and this is the hot loop of a long log. A quoted string value ends
 * the pass (the Trainer's metrics are numbers).
 */
function pythonLog(line: string): PythonLog | undefined {
  const start = line.indexOf("{'");
  if (start < 0) return undefined;
  const o: PythonLog = { loss: undefined, eval_loss: undefined, learning_rate: undefined, epoch: undefined, grad_norm: undefined, step: undefined };
  let pos = start + 1;
  while (line.charCodeAt(pos) === 39 /* ' */) {
    const keyEnd = line.indexOf("': ", pos + 1);
    if (keyEnd < 0) break;
    const from = keyEnd + 3;
    if (line.charCodeAt(from) === 39) break;
    let to = from;
    for (let c = line.charCodeAt(to); to < line.length && c !== 44 /* , */ && c !== 125 /* } */; c = line.charCodeAt(++to));
    const key = keyOf(line, pos + 1, keyEnd);
    if (key !== undefined) {
      const v = line.slice(from, to);
      const n = Number(v);
      o[key] = Number.isNaN(n) ? v : n;
    }
    if (line.charCodeAt(to) !== 44) break;
    pos = to + 2;
  }
  return o;
}

/** Which PythonLog key the text at [from, to) is, by length first: no substring is made. */
function keyOf(line: string, from: number, to: number): keyof PythonLog | undefined {
  switch (to - from) {
    case 4:
      return line.startsWith('loss', from) ? 'loss' : line.startsWith('step', from) ? 'step' : undefined;
    case 5:
      return line.startsWith('epoch', from) ? 'epoch' : undefined;
    case 9:
      return line.startsWith('eval_loss', from) ? 'eval_loss' : line.startsWith('grad_norm', from) ? 'grad_norm' : undefined;
    case 13:
      return line.startsWith('learning_rate', from) ? 'learning_rate' : undefined;
  }
  return undefined;
}

/**
 * One line of the HF Trainer's stdout (split at `\r` as well as `\n`, as LogCursor does): a log
 * dict gives a point (its step is the caller's to fill, from the last bar), a Trainer tqdm bar
 * gives the totals.
 */
export function parseStdoutLine(line: string): LineResult | undefined {
  // A dict redraw starts with `{`; a bar's anchored pattern fails at the first character that is not
  // a space or digit; only other lines (a logger's prefix before the dict) are searched.
  if (line.charCodeAt(0) === 123 /* { */) return dictLine(line);
  const m = TQDM.exec(line);
  if (m) {
    const totals: TrainTotals = { step: Number(m[1]), totalSteps: Number(m[2]) };
    const elapsed = parseDuration(m[3]);
    if (elapsed !== undefined) totals.elapsedSeconds = elapsed;
    const remaining = parseDuration(m[4]);
    if (remaining !== undefined) totals.remainingSeconds = remaining;
    return { totals };
  }
  return line.includes("{'") ? dictLine(line) : undefined;
}

function dictLine(line: string): LineResult | undefined {
  const o = pythonLog(line);
  const point = o && pointOf(o as unknown as Record<string, unknown>, num(o.step));
  return point ? { point } : undefined;
}

/** trainer_state.json: its log history as points and its step totals; undefined when the text is not one. */
export function parseTrainerState(text: string): { points: TrainPoint[]; totals: TrainTotals } | undefined {
  const o = parseJsonish(text) as Record<string, unknown> | undefined;
  if (typeof o !== 'object' || o === null || !Array.isArray(o.log_history)) return undefined;
  const points: TrainPoint[] = [];
  for (const entry of o.log_history as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    const p = pointOf(e, num(e.step));
    if (p) points.push(p);
  }
  const totals: TrainTotals = {};
  const step = num(o.global_step);
  if (step !== undefined) totals.step = step;
  const max = num(o.max_steps);
  if (max !== undefined && max > 0) totals.totalSteps = max;
  return { points, totals };
}

const EMPTY = new Uint8Array(0);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The index of the last `\n` or `\r` byte, or -1. Neither byte occurs inside a UTF-8 sequence. */
function lastBreak(chunk: Uint8Array): number {
  for (let i = chunk.length - 1; i >= 0; i--) if (chunk[i] === 10 || chunk[i] === 13) return i;
  return -1;
}

/**
 * Whole lines from byte chunks of a growing file. Feed it the bytes read from `nextOffset` on;
 * the partial last line (and so any partial UTF-8 sequence) waits for the next chunk. Lines end
 * at `\n`, `\r\n` or a lone `\r` (tqdm redraws its bar with `\r`); empty lines are dropped.
 */
export class LogCursor {
  private pending: Uint8Array = EMPTY;
  private received: number;
  private decoder = new TextDecoder('utf-8');

  /**
   * `offset`: where in the file the first chunk starts (a line boundary, e.g. a saved lineOffset).
   * `keepLast`: return only the last that many non-blank `\r` redraws of each line (a tqdm bar
   * redrawn on every step matters only as its latest state).
   */
  constructor(
    offset = 0,
    private readonly keepLast?: number,
  ) {
    this.received = offset;
  }

  /** The byte offset to read from next: everything before it has been fed. */
  get nextOffset(): number {
    return this.received;
  }

  /** The offset after the last whole line returned: where a new cursor (after a restart) resumes. */
  get lineOffset(): number {
    return this.received - this.pending.length;
  }

  feed(chunk: Uint8Array): string[] {
    this.received += chunk.length;
    const cut = lastBreak(chunk);
    if (cut < 0) {
      this.pending = concat(this.pending, chunk.slice());
      return [];
    }
    const whole = concat(this.pending, chunk.subarray(0, cut));
    this.pending = chunk.slice(cut + 1);
    return splitLines(this.decoder.decode(whole), this.keepLast);
  }

  /** The partial last line, once the file is complete (the run ended without a final newline). */
  flush(): string[] {
    const rest = this.pending;
    this.pending = EMPTY;
    return splitLines(this.decoder.decode(rest), this.keepLast);
  }
}

/**
 * Lines at `\n`, `\r\n` and `\r`, empty ones dropped (a native split per separator: faster than
 * one regex split). `keepLast`: of the `\r`-separated redraws within one `\n` line, only the last
 * that many non-blank ones, taken from the end without splitting the rest.
 */
function splitLines(text: string, keepLast: number | undefined): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('\r')) {
      if (line !== '') out.push(line);
    } else if (keepLast === undefined) {
      for (const part of line.split('\r')) if (part !== '') out.push(part);
    } else {
      const at = out.length;
      let end = line.length;
      for (let kept = 0; end > 0 && kept < keepLast; ) {
        const cr = line.lastIndexOf('\r', end - 1);
        const part = line.slice(cr + 1, end);
        if (part.trim() !== '') {
          out.splice(at, 0, part);
          kept++;
        }
        if (cr < 0) break;
        end = cr;
      }
    }
  }
  return out;
}

export type LogFormat = 'trainer-log' | 'stdout';

/**
 * A LogCursor and the parser of its format: feed it chunks, get the new points; `totals` is the
 * latest word on progress. Stdout dict lines take their step from the last Trainer bar; a bar with
 * a smaller total than one already seen is an evaluation loop's and leaves the totals alone.
 */
export class TrainLogReader {
  readonly cursor: LogCursor;
  totals: TrainTotals = {};

  constructor(
    readonly format: LogFormat,
    offset = 0,
  ) {
    // Stdout: the last bar and the dict after it are all a line holds that counts.
    this.cursor = new LogCursor(offset, format === 'stdout' ? 2 : undefined);
  }

  /** `now`: the caller's clock (ms), stamped on totals that changed, for the ETA. */
  feed(chunk: Uint8Array, now?: number): TrainPoint[] {
    return this.lines(this.cursor.feed(chunk), now);
  }

  /** The last line of a finished log, if it had no newline. */
  flush(now?: number): TrainPoint[] {
    return this.lines(this.cursor.flush(), now);
  }

  private lines(lines: string[], now: number | undefined): TrainPoint[] {
    const points: TrainPoint[] = [];
    const parse = this.format === 'trainer-log' ? parseTrainerLogLine : parseStdoutLine;
    const stdout = this.format === 'stdout';
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      // tqdm redraws its bar on every step: only the last bar before the next other line counts.
      if (stdout && i + 1 < lines.length && lines[i + 1].includes('%|') && line.includes('%|') && !line.includes("{'")) continue;
      const r = parse(line);
      if (r === undefined) continue;
      if (r.totals && !(stdout && (r.totals.totalSteps ?? 0) < (this.totals.totalSteps ?? 0))) {
        Object.assign(this.totals, r.totals);
        if (now !== undefined) this.totals.observedAt = now;
      }
      if (r.point) {
        if (r.point.step === undefined && this.totals.step !== undefined) r.point.step = this.totals.step;
        points.push(r.point);
      }
    }
    return points;
  }
}

export interface TrainProgress {
  step?: number;
  totalSteps?: number;
  /** step / totalSteps, 0…1. */
  fraction?: number;
  /** Seconds left. */
  etaSeconds?: number;
  epoch?: number;
  /** The last finite training loss, and eval loss. */
  loss?: number;
  evalLoss?: number;
}

/**
 * Progress and ETA from the points and totals read so far. The ETA is the trainer's remaining time
 * counted down since it was read (`now` − observedAt), else the mean time per step so far times the
 * steps left.
 */
export function trainProgress(points: readonly TrainPoint[], totals: TrainTotals, now?: number): TrainProgress {
  const out: TrainProgress = {};
  let lastStep: number | undefined;
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i];
    if (lastStep === undefined && p.step !== undefined) lastStep = p.step;
    if (out.epoch === undefined && p.epoch !== undefined) out.epoch = p.epoch;
    if (out.loss === undefined && p.loss !== undefined && Number.isFinite(p.loss)) out.loss = p.loss;
    if (out.evalLoss === undefined && p.evalLoss !== undefined && Number.isFinite(p.evalLoss)) out.evalLoss = p.evalLoss;
    if (lastStep !== undefined && out.epoch !== undefined && out.loss !== undefined && out.evalLoss !== undefined) break;
  }
  const step = totals.step ?? lastStep;
  if (step !== undefined) out.step = step;
  if (totals.totalSteps !== undefined) {
    out.totalSteps = totals.totalSteps;
    if (step !== undefined) out.fraction = Math.min(1, step / totals.totalSteps);
  }
  if (totals.remainingSeconds !== undefined) {
    const since = now !== undefined && totals.observedAt !== undefined ? Math.max(0, (now - totals.observedAt) / 1000) : 0;
    out.etaSeconds = Math.max(0, totals.remainingSeconds - since);
  } else if (totals.elapsedSeconds !== undefined && step && totals.totalSteps !== undefined) {
    out.etaSeconds = Math.max(0, (totals.elapsedSeconds / step) * (totals.totalSteps - step));
  }
  return out;
}
