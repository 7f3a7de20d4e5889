/**
 * What the thread pools of the generated modules share (the WebAssembly runtime, ./wasm-runtime.ts,
 * and the TypeScript target's, ./ts-threads.ts): whether memory can be shared, the cores, and
 * starting a worker from source text (worker_threads in Node, a Web Worker from a Blob URL in a
 * page). Pasted (without the exports) into every generated module before its pool.
 */

export interface ThreadHandle {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

/** Whether this platform can share memory with workers. */
export function canShareMemory(): boolean {
  const g = globalThis as { SharedArrayBuffer?: unknown; crossOriginIsolated?: boolean };
  return typeof g.SharedArrayBuffer === 'function' && g.crossOriginIsolated !== false;
}

function isNode(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } } };
  return typeof g.process?.versions?.node === 'string';
}

/**
 * A Node built-in module: through process.getBuiltinModule where Node has it (20.16 and later),
 * which also works where the module's code was evaluated without a dynamic-import host (a vm
 * context, as test runners use), else through import().
 */
async function nodeBuiltin<T>(specifier: string): Promise<T> {
  const node = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof node?.getBuiltinModule === 'function') return node.getBuiltinModule(specifier) as T;
  return (await import(/* @vite-ignore */ specifier)) as T;
}

/** The cores available here. */
export async function availableCores(): Promise<number> {
  if (isNode()) {
    const os = await nodeBuiltin<{ availableParallelism?: () => number; cpus: () => unknown[] }>('node:os');
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  const g = globalThis as { navigator?: { hardwareConcurrency?: number } };
  return g.navigator?.hardwareConcurrency ?? 1;
}

/** How long the workers may take to start before a pool gives up (the model then runs on the calling thread). */
export const START_TIMEOUT_MS = 20_000;

/** A worker running `source` (a Node worker thread or a Web Worker); `fail` hears of its errors and exit. */
export async function startWorker(source: string, fail: () => void): Promise<ThreadHandle> {
  if (isNode()) {
    const threads = await nodeBuiltin<{
      Worker: new (code: string, options: { eval: boolean }) => ThreadHandle & { unref(): void; on(event: string, listener: () => void): void };
    }>('node:worker_threads');
    const nodeWorker = new threads.Worker(source, { eval: true });
    nodeWorker.unref();
    nodeWorker.on('error', fail);
    nodeWorker.on('exit', fail);
    return nodeWorker;
  }
  // Through globalThis: the module type-checks with the ES library alone (no DOM types).
  const g = globalThis as unknown as {
    Worker: new (url: string) => ThreadHandle & { addEventListener(event: string, listener: () => void): void };
    Blob: new (parts: string[], options: { type: string }) => object;
    URL: { createObjectURL(b: object): string };
  };
  const webWorker = new g.Worker(g.URL.createObjectURL(new g.Blob([source], { type: 'text/javascript' })));
  webWorker.addEventListener('error', fail);
  return webWorker;
}
