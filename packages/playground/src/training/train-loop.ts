/**
 * Training in pieces of `reportEvery` steps, the same for the CPU model (in a Web Worker) and
 * the WebGPU model (on the page): before each piece the cost on the training set (full batch:
 * the cost the model's own train() reports at its step 0) and the held-out cost are reported; between pieces the loop
 * yields, so that Stop is seen; every `boundaryEvery` steps the model's outputs on the boundary
 * grid are passed on. The costs are those of one long train() call: the same steps in the same
 * order (a mini-batch is chosen from the optimizer's step count, which the model keeps).
 */
import type { FloatArray, TrainOptions, TrainResult } from '@nnc/compiler';

type MaybePromise<T> = T | Promise<T>;

export interface LoopModel {
  train(X: FloatArray, Y: FloatArray, m: number, options: Omit<TrainOptions, 'onReport'>): MaybePromise<TrainResult>;
  cost(X: FloatArray, Y: FloatArray, m: number): MaybePromise<number>;
  forward(X: FloatArray, m: number): MaybePromise<FloatArray>;
}

export interface LoopExamples {
  readonly X: FloatArray;
  readonly Y: FloatArray;
  readonly m: number;
}

export interface LoopData {
  readonly train: LoopExamples;
  /**
   * Whether a step uses every example: then train() reports the training cost itself; with
   * mini-batches it reports one batch's, and the cost on the whole training set is computed.
   */
  readonly fullBatch: boolean;
  readonly heldOut: LoopExamples | null;
  /** Boundary grid inputs (2, gridM), or null. */
  readonly grid: { readonly X: FloatArray; readonly m: number } | null;
}

export interface Progress {
  readonly iteration: number;
  readonly cost: number;
  readonly heldOut: number | null;
}

export interface LoopPlan {
  /** Steps taken before this run (iterations are numbered on from there). */
  readonly start: number;
  readonly iterations: number;
  readonly reportEvery: number;
  readonly boundaryEvery: number;
}

export interface LoopEvents {
  report(progress: Progress): void;
  boundary(values: FloatArray, iteration: number): void;
  shouldStop(): boolean;
}

export interface LoopOutcome {
  /** Steps taken in all (start included). */
  readonly iteration: number;
  readonly cost: number;
  readonly stopped: boolean;
}

const yieldToEvents = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function trainLoop(model: LoopModel, data: LoopData, plan: LoopPlan, events: LoopEvents): Promise<LoopOutcome> {
  const { train, heldOut, grid } = data;
  const heldOutCost = async () => (heldOut === null ? null : await model.cost(heldOut.X, heldOut.Y, heldOut.m));
  const end = plan.start + plan.iterations;
  let iteration = plan.start;
  let cost = Number.NaN;
  let lastBoundary = -1;
  const boundary = async () => {
    if (grid === null || lastBoundary === iteration) return;
    lastBoundary = iteration;
    events.boundary(await model.forward(grid.X, grid.m), iteration);
  };
  await boundary();
  while (iteration < end && !events.shouldStop()) {
    const steps = Math.min(plan.reportEvery - (iteration % plan.reportEvery), end - iteration);
    const held = await heldOutCost();
    const before = data.fullBatch ? null : await model.cost(train.X, train.Y, train.m);
    const result = await model.train(train.X, train.Y, train.m, { iterations: steps, reportEvery: steps });
    events.report({ iteration, cost: before ?? result.costs[0].cost, heldOut: held });
    iteration += result.iterations;
    cost = data.fullBatch ? result.finalCost : await model.cost(train.X, train.Y, train.m);
    if (!Number.isFinite(cost)) break;
    if (iteration % plan.boundaryEvery === 0) await boundary();
    await yieldToEvents();
  }
  if (iteration > plan.start) {
    events.report({ iteration, cost, heldOut: await heldOutCost() });
    await boundary();
  }
  return { iteration, cost, stopped: iteration < end };
}
