/**
 * The reference interpreter: executes a ModelIR directly, layer by layer, from the course's
 * formulas. It is the oracle that every backend (generated TypeScript, WebGPU) is tested against,
 * so it favours being plainly correct over being fast, and it shares nothing with the compiler's
 * symbolic derivation (in particular it never uses dZ[L] = A - Y; see losses.ts).
 *
 *   forward   Z[l] = W[l] A[l-1] + b[l];  A[l] = g[l](Z[l]);  A[0] = X
 *   cost      J = (1/m) sum of per-example losses + (lambda / (2m)) sum ||W[l]||^2
 *   backward  dA[L] from the loss; dZ[l] = dA[l] * g'(Z[l]) (softmax: Jacobian-vector product);
 *             dW[l] = (1/m) dZ[l] A[l-1]^T + (lambda/m) W[l];  db[l] = (1/m) sum_j dZ[l];
 *             dA[l-1] = W[l]^T dZ[l]
 *
 * Everything is computed in float64, also for models declared `f32` (the reference is the exact
 * answer the f32 backends are compared against, with a tolerance). Inputs may be Float32Array;
 * outputs are always Float64Array.
 */
import type { CompiledModel, FloatArray, Gradients, ModelMeta, Prediction, ReportEvent, TrainOptions, TrainResult } from '@nnc/model';
import { NumpyRandom } from '@nnc/model';
import { checkCount, checkExamples, checkLabels, checkLayers, checkOptimizerState, type SlotShape } from '@nnc/model';
import { checkParametersFile, classesOf, standardizeExamples } from '@nnc/model';
import type { LayerParameters, ModelIR, OptimizerState, ParametersFile, Standardization } from '@nnc/model';
import { initScale, layerSizes, scaleDraw } from '@nnc/model';
import { activate, activationBackward } from './activations.js';
import { BatchSchedule, batchesPerEpoch, selectColumns } from './batches.js';
import { lossGradient, lossSum } from './losses.js';
import { applyUpdate, momentKinds } from './optimizers.js';

/** The version string reported in `meta.nncVersion` by the reference interpreter. */
export const REFERENCE_VERSION = '0.1.0-reference';

interface LayerGradients {
  readonly dW: Float64Array[];
  readonly db: Float64Array[];
}

interface ForwardPass {
  /** Z[l] and A[l] for l = 1..L at index l - 1. */
  readonly Z: Float64Array[];
  readonly A: Float64Array[];
}

export class ReferenceModel implements CompiledModel {
  readonly meta: ModelMeta;
  private readonly sizes: number[];
  private readonly W: Float64Array[];
  private readonly b: Float64Array[];
  /** Moment buffers by name (vW1, vb1, sW1, ...). */
  private moments = new Map<string, Float64Array>();
  private stepCount = 0;
  /** From a loaded weights file: applied to X by every method taking it. */
  private standardization: Standardization | null = null;
  private classes: string[] | null = null;

  constructor(readonly model: ModelIR) {
    this.sizes = layerSizes(model);
    this.meta = {
      name: model.name,
      nncVersion: REFERENCE_VERSION,
      sourceSha256: model.source.sha256,
      sizes: this.sizes,
      activations: model.layers.map((layer) => layer.activation.kind),
      loss: model.loss,
      precision: model.precision,
    };
    this.W = model.layers.map((_, i) => new Float64Array(this.sizes[i + 1] * this.sizes[i]));
    this.b = model.layers.map((_, i) => new Float64Array(this.sizes[i + 1]));
    this.initialize();
  }

  /** W[l] = randn(units[l], units[l-1]) * factor (or / sqrt(units[l-1]), xavier_course) in layer order (zeros: no draws); b = 0; optimizer reset. */
  initialize(seed: number = this.model.seed): void {
    const random = new NumpyRandom(seed);
    this.model.layers.forEach((layer, i) => {
      const fanIn = this.sizes[i];
      if (layer.init.kind === 'zeros') {
        this.W[i].fill(0);
      } else {
        const scale = initScale(layer.init, fanIn);
        const draws = random.randnMatrix(layer.units, fanIn);
        for (let k = 0; k < draws.length; k++) this.W[i][k] = scaleDraw(draws[k], scale);
      }
      this.b[i].fill(0);
    });
    this.resetOptimizer();
  }

  getParameters(): LayerParameters[] {
    return this.W.map((W, i) => ({ W: toRows(W, this.sizes[i + 1], this.sizes[i]), b: Array.from(this.b[i]) }));
  }

  setParameters(layers: readonly LayerParameters[]): void {
    checkLayers(layers, this.sizes);
    layers.forEach((layer, i) => {
      this.W[i].set(layer.W.flat());
      this.b[i].set(layer.b);
    });
  }

  getOptimizerState(): OptimizerState {
    const slots: Record<string, number[][] | number[]> = {};
    for (const [name, buffer] of this.moments) {
      const layer = Number(name.slice(2)) - 1;
      slots[name] = name[1] === 'W' ? toRows(buffer, this.sizes[layer + 1], this.sizes[layer]) : Array.from(buffer);
    }
    return { step: this.stepCount, slots };
  }

  setOptimizerState(state: OptimizerState): void {
    checkOptimizerState(state, this.slotShapes());
    for (const [name, buffer] of this.moments) buffer.set(state.slots[name].flat());
    this.stepCount = state.step;
  }

  loadWeights(file: ParametersFile): void {
    checkParametersFile(file, this.meta.name, this.sizes, this.slotShapes());
    this.setParameters(file.layers);
    if (file.optimizerState) this.setOptimizerState(file.optimizerState);
    else this.resetOptimizer();
    const standardization = file.standardization ?? null;
    this.standardization = standardization === null ? null : { mean: [...standardization.mean], std: [...standardization.std] };
    const classes = file.labels?.classes ?? null;
    this.classes = classes === null ? null : [...classes];
  }

  predict(X: FloatArray, m: number): Prediction {
    const probabilities = this.forward(X, m);
    return { probabilities, classes: classesOf(probabilities, m, this.model.loss, this.classes) };
  }

  forward(X: FloatArray, m: number): Float64Array {
    checkExamples(X, this.sizes[0], m, 'X');
    const { A } = this.forwardPass(this.input(X, m), m);
    return A[A.length - 1].slice();
  }

  cost(X: FloatArray, Y: FloatArray, m: number): number {
    this.checkData(X, Y, m);
    return this.costOf(this.forwardPass(this.input(X, m), m), toFloat64(Y), m);
  }

  gradients(X: FloatArray, Y: FloatArray, m: number): Gradients {
    this.checkData(X, Y, m);
    const X64 = this.input(X, m);
    return this.backwardPass(X64, this.forwardPass(X64, m), toFloat64(Y), m);
  }

  step(X: FloatArray, Y: FloatArray, m: number): number {
    this.checkData(X, Y, m);
    const X64 = this.input(X, m);
    const pass = this.forwardPass(X64, m);
    const Y64 = toFloat64(Y);
    const cost = this.costOf(pass, Y64, m);
    this.update(this.backwardPass(X64, pass, Y64, m));
    return cost;
  }

  /**
   * Takes `iterations` optimizer steps. Full batch: every step uses all of (X, Y). Mini-batches:
   * step t of the run (t = the optimizer's step count, so a restored checkpoint continues its
   * epoch) uses the batch given by BatchSchedule. At every k-th step of this call (0, k, 2k, ...,
   * counted from this call's start) the cost of the batch about to be used, with the parameters
   * before that step, is reported; `onReport` returning false stops before that step is taken.
   */
  train(X: FloatArray, Y: FloatArray, m: number, options: TrainOptions = {}): TrainResult {
    this.checkData(X, Y, m);
    const X64 = this.input(X, m);
    const Y64 = toFloat64(Y);
    const { iterations: modelIterations, epochs, batchSize, shuffleSeed, reportEvery: modelReportEvery } = this.model.training;
    const perEpoch = batchesPerEpoch(m, batchSize);
    const iterations = checkCount(options.iterations ?? modelIterations ?? (epochs ?? 1) * perEpoch, 'iterations', 0);
    const reportEvery = checkCount(options.reportEvery ?? (epochs !== null ? modelReportEvery * perEpoch : modelReportEvery), 'reportEvery', 1);
    const schedule = batchSize === null ? null : new BatchSchedule(m, batchSize, shuffleSeed);
    const [nx, ny] = [this.sizes[0], this.sizes[this.sizes.length - 1]];
    const costs: ReportEvent[] = [];
    let taken = 0;
    for (let i = 0; i < iterations; i++) {
      let [bx, by, bm] = [X64, Y64, m];
      if (schedule !== null) {
        const columns = schedule.columns(this.stepCount);
        [bx, by, bm] = [selectColumns(X64, nx, m, columns), selectColumns(Y64, ny, m, columns), columns.length];
      }
      const pass = this.forwardPass(bx, bm);
      if (i % reportEvery === 0) {
        const event = { iteration: i, cost: this.costOf(pass, by, bm) };
        costs.push(event);
        if (options.onReport?.(event) === false) break;
      }
      this.update(this.backwardPass(bx, pass, by, bm));
      taken++;
    }
    return { costs, iterations: taken, finalCost: this.cost(X, Y64, m) };
  }

  /** The moment buffers of this optimizer, as setOptimizerState checks them. */
  private slotShapes(): SlotShape[] {
    return [...this.moments.keys()].map((name): SlotShape => {
      const layer = Number(name.slice(2));
      const cols = name[1] === 'W' ? this.sizes[layer - 1] : null;
      return { name, rows: this.sizes[layer], cols, nonNegative: name[0] === 's' };
    });
  }

  /** X in double precision, standardised when a loaded weights file had a standardisation. */
  private input(X: FloatArray, m: number): Float64Array {
    return this.standardization === null ? toFloat64(X) : standardizeExamples(X, m, this.standardization);
  }

  private checkData(X: FloatArray, Y: FloatArray, m: number): void {
    checkExamples(X, this.sizes[0], m, 'X');
    checkLabels(Y, this.sizes[this.sizes.length - 1], m, this.model.loss);
  }

  private forwardPass(X: Float64Array, m: number): ForwardPass {
    if (X.length !== this.sizes[0] * m) throw new Error(`X must hold ${this.sizes[0]} x ${m} numbers, got ${X.length}`);
    const Z: Float64Array[] = [];
    const A: Float64Array[] = [];
    let previous = X;
    this.model.layers.forEach((layer, i) => {
      const [rows, inner] = [this.sizes[i + 1], this.sizes[i]];
      const z = new Float64Array(rows * m);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < m; j++) {
          let sum = 0;
          for (let k = 0; k < inner; k++) sum += this.W[i][r * inner + k] * previous[k * m + j];
          z[r * m + j] = sum + this.b[i][r];
        }
      }
      Z.push(z);
      A.push(activate(layer.activation, z, rows, m));
      previous = A[i];
    });
    return { Z, A };
  }

  private costOf(pass: ForwardPass, Y: Float64Array, m: number): number {
    const L = this.model.layers.length;
    const rows = this.sizes[L];
    if (Y.length !== rows * m) throw new Error(`Y must hold ${rows} x ${m} numbers, got ${Y.length}`);
    const data = lossSum(this.model.loss, this.model.layers[L - 1].activation, pass.Z[L - 1], pass.A[L - 1], Y, rows, m) / m;
    if (this.model.l2 === 0) return data;
    let squares = 0;
    for (const W of this.W) for (const w of W) squares += w * w;
    return data + (this.model.l2 / (2 * m)) * squares;
  }

  private backwardPass(X: Float64Array, pass: ForwardPass, Y: Float64Array, m: number): LayerGradients {
    const L = this.model.layers.length;
    const dW: Float64Array[] = new Array<Float64Array>(L);
    const db: Float64Array[] = new Array<Float64Array>(L);
    let dA = lossGradient(this.model.loss, this.model.layers[L - 1].activation, pass.Z[L - 1], pass.A[L - 1], Y);
    for (let i = L - 1; i >= 0; i--) {
      const [rows, inner] = [this.sizes[i + 1], this.sizes[i]];
      const dZ = activationBackward(this.model.layers[i].activation, pass.Z[i], pass.A[i], dA, rows, m);
      const previous = i === 0 ? X : pass.A[i - 1];
      dW[i] = new Float64Array(rows * inner);
      db[i] = new Float64Array(rows);
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < inner; k++) {
          let sum = 0;
          for (let j = 0; j < m; j++) sum += dZ[r * m + j] * previous[k * m + j];
          dW[i][r * inner + k] = (1 / m) * sum + (this.model.l2 / m) * this.W[i][r * inner + k];
        }
        let sum = 0;
        for (let j = 0; j < m; j++) sum += dZ[r * m + j];
        db[i][r] = (1 / m) * sum;
      }
      if (i > 0) {
        dA = new Float64Array(inner * m);
        for (let k = 0; k < inner; k++) {
          for (let j = 0; j < m; j++) {
            let sum = 0;
            for (let r = 0; r < rows; r++) sum += this.W[i][r * inner + k] * dZ[r * m + j];
            dA[k * m + j] = sum;
          }
        }
      }
    }
    return { dW, db };
  }

  private update(gradients: LayerGradients): void {
    this.stepCount++;
    const optimizer = this.model.optimizer;
    this.W.forEach((W, i) => {
      applyUpdate(optimizer, W, gradients.dW[i], this.momentsOf(`W${i + 1}`), this.stepCount);
      applyUpdate(optimizer, this.b[i], gradients.db[i], this.momentsOf(`b${i + 1}`), this.stepCount);
    });
  }

  private momentsOf(parameter: string): { v?: Float64Array; s?: Float64Array } {
    return { v: this.moments.get(`v${parameter}`), s: this.moments.get(`s${parameter}`) };
  }

  private resetOptimizer(): void {
    this.stepCount = 0;
    this.moments = new Map();
    for (const kind of momentKinds(this.model.optimizer)) {
      this.W.forEach((W, i) => {
        this.moments.set(`${kind}W${i + 1}`, new Float64Array(W.length));
        this.moments.set(`${kind}b${i + 1}`, new Float64Array(this.b[i].length));
      });
    }
  }
}

export function createReferenceModel(model: ModelIR): ReferenceModel {
  return new ReferenceModel(model);
}

function toFloat64(array: FloatArray): Float64Array {
  return array instanceof Float64Array ? array : Float64Array.from(array);
}

function toRows(flat: Float64Array, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from(flat.subarray(r * cols, (r + 1) * cols)));
}
