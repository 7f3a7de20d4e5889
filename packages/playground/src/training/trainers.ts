/**
 * The two backends behind one interface: CPU (the fastest CPU target, the generated WebAssembly
 * module, in a Web Worker) and WebGPU (the generated WGSL kernels on the page's GPU device).
 * Both are compiled here, in the page, from the checked model.
 */
import { compile } from '@nnc/compiler';
import { emitWasmModule, wasmModuleScript } from '@nnc/compiler/emit-wasm';
import { compileWebGpuPlan } from '@nnc/compiler/emit-wgsl';
import type { FloatArray } from '@nnc/compiler';
import type { ModelIR } from '@nnc/dsl';
import type { LayerParameters, OptimizerState } from '@nnc/dsl/ir';
import { createWebGpuModel, requestNncDevice, type NncDevice } from '@nnc/runtime-webgpu';
import compilerPackage from '../../../compiler/package.json';
import type { PreparedData } from '../prepare-data.js';
import type { FromWorker, ToWorker } from './messages.js';
import { trainLoop, type LoopData, type LoopOutcome, type LoopPlan, type Progress } from './train-loop.js';

export type BackendName = 'webgpu' | 'cpu';

export interface RunEvents {
  report(progress: Progress): void;
  boundary(values: FloatArray, iteration: number): void;
}

export interface Trainer {
  readonly backend: BackendName;
  /** What runs it: `wasm simd128 + relaxed fma, 1 thread`, `webgpu on SwiftShader ...`. */
  readonly device: string;
  run(plan: LoopPlan, events: RunEvents): Promise<LoopOutcome>;
  stop(): void;
  /** Fresh weights from the model's seed. */
  reset(): Promise<void>;
  state(): Promise<{ layers: LayerParameters[]; optimizerState: OptimizerState }>;
  dispose(): void;
}

export function loopData(model: ModelIR, data: PreparedData, precision: 'f32' | 'f64'): LoopData {
  const as = (values: Float64Array): FloatArray => (precision === 'f32' ? Float32Array.from(values) : Float64Array.from(values));
  const examples = (e: { X: Float64Array; Y: Float64Array; m: number }) => ({ X: as(e.X), Y: as(e.Y), m: e.m });
  return {
    train: examples(data.train),
    fullBatch: model.training.batchSize === null || model.training.batchSize >= data.train.m,
    heldOut: data.heldOut && examples(data.heldOut),
    grid: data.grid && { X: as(data.grid.X), m: data.grid.size * data.grid.size },
  };
}

export async function openCpuTrainer(model: ModelIR, data: PreparedData): Promise<Trainer> {
  const script = wasmModuleScript(await emitWasmModule(compile(model).schedule));
  const worker = new Worker(new URL('./cpu-worker.ts', import.meta.url), { type: 'module', name: 'nnc-cpu-training' });
  let listener: ((message: FromWorker) => void) | null = null;
  let failure: ((message: string) => void) | null = null;
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    if (event.data.type === 'error') failure?.(event.data.message);
    else listener?.(event.data);
  };
  worker.onerror = (event) => failure?.(event.message || 'the training worker failed');
  /** Sends a message and waits for the answer of `type`, passing other messages to `each`. */
  const ask = <T extends FromWorker['type']>(message: ToWorker, type: T, each: (m: FromWorker) => void = () => {}) =>
    new Promise<Extract<FromWorker, { type: T }>>((resolve, reject) => {
      listener = (m) => (m.type === type ? resolve(m as Extract<FromWorker, { type: T }>) : each(m));
      failure = (text) => reject(new Error(text));
      worker.postMessage(message);
    });
  const ready = await ask({ type: 'load', script, seed: model.seed, data: loopData(model, data, model.precision) }, 'ready');
  return {
    backend: 'cpu',
    device: ready.device,
    async run(plan, events) {
      const done = await ask({ type: 'train', plan }, 'done', (m) => {
        if (m.type === 'report') events.report(m.progress);
        if (m.type === 'boundary') events.boundary(m.values, m.iteration);
      });
      return done.outcome;
    },
    stop: () => worker.postMessage({ type: 'stop' } satisfies ToWorker),
    async reset() {
      await ask({ type: 'reset' }, 'reset-done');
    },
    async state() {
      const { layers, optimizerState } = await ask({ type: 'parameters' }, 'parameters');
      return { layers, optimizerState };
    },
    dispose() {
      worker.terminate();
      failure?.('the training was stopped: the model, the data or the backend changed');
    },
  };
}

let gpu: Promise<NncDevice> | null = null;

/** The page's WebGPU device, asked for once; rejects (WebGpuUnavailableError) without an adapter. */
export function pageGpu(): Promise<NncDevice> {
  gpu ??= requestNncDevice();
  return gpu;
}

export async function openGpuTrainer(model: ModelIR, data: PreparedData): Promise<Trainer> {
  const { device, description } = await pageGpu();
  const compiled = await createWebGpuModel(device, compileWebGpuPlan(model, { nncVersion: compilerPackage.version }));
  const loop = loopData(model, data, 'f32');
  let stopRequested = false;
  let running: Promise<LoopOutcome> | null = null;
  return {
    backend: 'webgpu',
    device: `webgpu on ${description}`,
    run(plan, events) {
      stopRequested = false;
      running = trainLoop(compiled, loop, plan, { ...events, shouldStop: () => stopRequested });
      return running;
    },
    stop: () => (stopRequested = true),
    async reset() {
      await compiled.initialize(model.seed);
    },
    async state() {
      return { layers: await compiled.getParameters(), optimizerState: await compiled.getOptimizerState() };
    },
    dispose() {
      // A run in progress stops after its piece; the buffers go once it has.
      stopRequested = true;
      if (running === null) compiled.dispose();
      else void running.finally(() => compiled.dispose()).catch(() => {});
    },
  };
}
