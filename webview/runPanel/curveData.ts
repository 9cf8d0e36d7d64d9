// The loss curve's series from the points polled so far: training loss, eval loss and learning
// rate against the step (the point's index when the trainer logged no step), and where each epoch
// ends. Values the trainer logged as nan/inf are left out (a line cannot draw them; the log in the
// output channel still has them). Pure, unit-tested in Node.
import type { TrainPoint } from '../../shared/runPanel/protocol';

export interface XY {
  x: number;
  y: number;
}

export interface CurveData {
  loss: XY[];
  evalLoss: XY[];
  learningRate: XY[];
  /** The first step of each epoch boundary crossed: epoch 1 ends at x … */
  epochMarks: Array<{ x: number; epoch: number }>;
}

export function curveData(points: readonly TrainPoint[]): CurveData {
  const out: CurveData = { loss: [], evalLoss: [], learningRate: [], epochMarks: [] };
  let lastEpoch = 0;
  points.forEach((p, i) => {
    const x = p.step ?? i + 1;
    if (p.loss !== undefined && Number.isFinite(p.loss)) out.loss.push({ x, y: p.loss });
    if (p.evalLoss !== undefined && Number.isFinite(p.evalLoss)) out.evalLoss.push({ x, y: p.evalLoss });
    if (p.learningRate !== undefined && Number.isFinite(p.learningRate)) out.learningRate.push({ x, y: p.learningRate });
    if (p.epoch !== undefined && Number.isFinite(p.epoch)) {
      // Every whole epoch reached since the last point (a coarse log may jump over one).
      // A small tolerance: trainers log 0.9999 for the end of epoch 1.
      const reached = Math.floor(p.epoch + 1e-6);
      for (let e = Math.floor(lastEpoch + 1e-6) + 1; e <= reached; e++) out.epochMarks.push({ x, epoch: e });
      lastEpoch = Math.max(lastEpoch, p.epoch);
    }
  });
  return out;
}
