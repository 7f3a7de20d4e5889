/**
 * The CPU backend's Web Worker: it imports the generated WebAssembly module (already JavaScript,
 * made on the page by wasmModuleScript, so no compiler is loaded here), creates the model on one
 * thread, and trains it with trainLoop, posting each report and boundary to the page. Training
 * here never blocks the page; Stop arrives between pieces.
 */
import type { WasmCompiledModel } from '@nnc/compiler/emit-wasm';
import type { FromWorker, ToWorker } from './messages.js';
import { trainLoop, type LoopData } from './train-loop.js';

let model: WasmCompiledModel | null = null;
let data: LoopData | null = null;
let seed = 0;
let stopRequested = false;

const post = (message: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'load': {
      const url = URL.createObjectURL(new Blob([message.script], { type: 'text/javascript' }));
      try {
        const module = (await import(/* @vite-ignore */ url)) as { createModelAsync(options: { threads: number }): Promise<WasmCompiledModel> };
        model?.dispose();
        model = await module.createModelAsync({ threads: 1 });
      } finally {
        URL.revokeObjectURL(url);
      }
      data = message.data;
      seed = message.seed;
      model.initialize(seed);
      return post({ type: 'ready', device: model.target });
    }
    case 'train': {
      if (model === null || data === null) throw new Error('no model loaded');
      stopRequested = false;
      const outcome = await trainLoop(model, data, message.plan, {
        report: (progress) => post({ type: 'report', progress }),
        boundary: (values, iteration) => post({ type: 'boundary', values: values as Float64Array, iteration }),
        shouldStop: () => stopRequested,
      });
      return post({ type: 'done', outcome });
    }
    case 'stop':
      stopRequested = true;
      return;
    case 'reset':
      model?.initialize(seed);
      return post({ type: 'reset-done' });
    case 'parameters':
      if (model === null) throw new Error('no model loaded');
      return post({ type: 'parameters', layers: model.getParameters(), optimizerState: model.getOptimizerState() });
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  handle(event.data).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
};
