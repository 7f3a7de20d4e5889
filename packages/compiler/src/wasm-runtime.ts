/// <reference lib="dom" />
/**
 * The host side of a generated WebAssembly model, pasted into every module `nnc compile --target
 * wasm` writes (without the exports), so that the module stays standalone in Node and browsers.
 *
 * It picks the binary for this runtime (relaxed-SIMD fused multiply-add when the engine has it,
 * feature-detected by validating a tiny probe; shared memory when threads are asked for and the
 * platform allows them), owns the linear memory (fixed buffers at the layout's addresses,
 * per-batch-size workspaces allocated first-fit and freed when evicted), hands out typed-array
 * views, and runs kernels: whole on the calling thread, or split by output columns across worker
 * threads (worker_threads in Node, Web Workers in a cross-origin-isolated page) that share the
 * memory. Workers wait on an Atomics counter, spinning briefly first; the calling thread computes
 * the first part itself, then spins until the others are done.
 */

import { availableCores, canShareMemory, startWorker, START_TIMEOUT_MS, type ThreadHandle } from './worker-threads.js';

export type WasmFloatArray = Float32Array | Float64Array;
type KernelFunction = (ws: number, m: number, j0: number, j1: number) => void;

export interface WasmBinaries {
  /** base64 of the module with mul + add, and with relaxed-SIMD fused multiply-add. */
  readonly plain: string;
  readonly fma: string;
  /** The same over a shared memory (for threads). */
  readonly sharedPlain: string;
  readonly sharedFma: string;
  /** base64 of a module that validates only where relaxed SIMD is available. */
  readonly probe: string;
}

export interface WasmLayoutInfo {
  readonly scalar: 'f32' | 'f64';
  /** Fixed buffers: byte offset and element count. */
  readonly fixed: readonly { readonly offset: number; readonly length: number }[];
  readonly fixedBytes: number;
  /** Workspace buffers: descriptor slot and perM * m + fixed elements. */
  readonly perBatch: readonly { readonly name: string; readonly slot: number; readonly perM: number; readonly fixed: number }[];
  /** Most pages a shared memory may grow to. */
  readonly maxPages: number;
}

export interface WasmKernelInfo {
  readonly name: string;
  /** Column splits are multiples of this. */
  readonly align: number;
}

export interface WasmModelOptions {
  /** Threads for the large products (1: only the calling thread). Default: 1 for createModel, the cores available for createModelAsync. */
  readonly threads?: number;
}

/** One batch size's buffers. Buffer views are read through getters named as the buffers. */
export interface WasmWorkspace {
  readonly descriptor: number;
  readonly m: number;
  /** Copies `data` into input buffer `name` unless it is the array already staged since this workspace was taken. */
  stage(name: string, data: WasmFloatArray): void;
}

/** Work (multiply-adds) under which a product is not worth splitting. */
const SPLIT_WORK = 1 << 19;
/** Control block of the thread pool (Int32Array indices). */
const GENERATION = 0;
const DONE = 1;
const KERNEL = 2;
const WS = 3;
const M = 4;
const STOP = 5;
const READY = 6;
const FAILED = 7;
const RANGES = 8;

const PAGE = 65536;
const BATCH_SIZES_KEPT = 4;

function decode(base64: string) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
  return bytes;
}

function mathImports(): WebAssembly.Imports {
  return { math: { exp: Math.exp, log: Math.log, log1p: Math.log1p, tanh: Math.tanh } };
}

export class WasmRuntime {
  private readonly kernels: KernelFunction[];
  private readonly views: WasmFloatArray[] = [];
  /** Whether `views` show the current memory (growing a private memory detaches its buffer). */
  private viewsValid = false;
  private readonly free: { start: number; end: number }[] = [];
  private readonly workspaces: { m: number; workspace: WasmWorkspace; address: number; bytes: number; used: number }[] = [];
  private clock = 0;

  private constructor(
    readonly memory: WebAssembly.Memory,
    instance: WebAssembly.Instance,
    private readonly layout: WasmLayoutInfo,
    private readonly info: readonly WasmKernelInfo[],
    /** Whether the kernels use fused multiply-add. */
    readonly fma: boolean,
    private readonly pool: { readonly control: Int32Array; readonly workers: ThreadHandle[] } | null,
  ) {
    this.kernels = info.map((k) => instance.exports[k.name] as KernelFunction);
    this.free.push({ start: layout.fixedBytes, end: memory.buffer.byteLength });
  }

  /** The runtime on the calling thread only, compiled synchronously (Node, workers, small modules). */
  static create(binaries: WasmBinaries, layout: WasmLayoutInfo, info: readonly WasmKernelInfo[], options: WasmModelOptions = {}): WasmRuntime {
    if ((options.threads ?? 1) > 1) throw new RangeError('createModel runs on one thread; use createModelAsync({ threads }) for more');
    const fma = WebAssembly.validate(decode(binaries.probe));
    let module: WebAssembly.Module;
    try {
      module = new WebAssembly.Module(decode(fma ? binaries.fma : binaries.plain));
    } catch (error) {
      // Browsers refuse to compile all but tiny modules synchronously on a page's main thread.
      if (error instanceof RangeError) throw new RangeError(`${error.message} (on a page's main thread, use createModelAsync)`);
      throw error;
    }
    const memory = new WebAssembly.Memory({ initial: Math.ceil(layout.fixedBytes / PAGE) });
    return new WasmRuntime(memory, new WebAssembly.Instance(module, { ...mathImports(), env: { memory } }), layout, info, fma, null);
  }

  /**
   * The runtime with `threads` threads where memory can be shared and workers start (else one),
   * compiled asynchronously.
   */
  static async createAsync(binaries: WasmBinaries, layout: WasmLayoutInfo, info: readonly WasmKernelInfo[], options: WasmModelOptions = {}): Promise<WasmRuntime> {
    const wanted = options.threads ?? (await availableCores());
    if (!Number.isInteger(wanted) || wanted < 1) throw new RangeError(`threads must be a positive integer, got ${wanted}`);
    const threads = canShareMemory() ? wanted : 1;
    const fma = WebAssembly.validate(decode(binaries.probe));
    const shared = threads > 1;
    const bytes = decode(shared ? (fma ? binaries.sharedFma : binaries.sharedPlain) : fma ? binaries.fma : binaries.plain);
    const module = await WebAssembly.compile(bytes);
    const initial = Math.ceil(layout.fixedBytes / PAGE);
    const memory = shared ? new WebAssembly.Memory({ initial, maximum: layout.maxPages, shared: true }) : new WebAssembly.Memory({ initial });
    const instance = await WebAssembly.instantiate(module, { ...mathImports(), env: { memory } });
    const pool = shared ? await startWorkers(module, memory, info, threads - 1) : null;
    return new WasmRuntime(memory, instance, layout, info, fma, pool);
  }

  /** Threads that run the large products (the calling thread and the workers). */
  get threads(): number {
    return this.pool === null ? 1 : this.pool.workers.length + 1;
  }

  /** The view of fixed buffer `index` (views are made again after the memory grows). */
  fixedView(index: number): WasmFloatArray {
    if (!this.viewsValid) {
      this.viewsValid = true;
      this.views.length = 0;
      for (const b of this.layout.fixed) this.views.push(this.view(b.offset, b.length));
    }
    return this.views[index];
  }

  private view(offset: number, length: number): WasmFloatArray {
    return this.layout.scalar === 'f32' ? new Float32Array(this.memory.buffer, offset, length) : new Float64Array(this.memory.buffer, offset, length);
  }

  /** The workspace for batch size m (the most recent few are kept; an evicted one is freed). */
  workspace(m: number): WasmWorkspace {
    const clock = ++this.clock;
    const kept = this.workspaces.find((w) => w.m === m);
    if (kept !== undefined) {
      kept.used = clock;
      (kept.workspace as WorkspaceImpl).unstage();
      return kept.workspace;
    }
    if (this.workspaces.length >= BATCH_SIZES_KEPT) {
      const oldest = this.workspaces.reduce((a, b) => (a.used <= b.used ? a : b));
      this.workspaces.splice(this.workspaces.indexOf(oldest), 1);
      this.release(oldest.address, oldest.bytes);
    }
    const element = this.layout.scalar === 'f32' ? 4 : 8;
    const slots = this.layout.perBatch.length;
    const sizes = this.layout.perBatch.map((b) => Math.ceil(((b.perM * m + b.fixed) * element) / 16) * 16);
    const bytes = Math.ceil((slots * 4) / 16) * 16 + sizes.reduce((a, b) => a + b, 0);
    const address = this.allocate(bytes, m);
    const addresses: number[] = [];
    let next = address + Math.ceil((slots * 4) / 16) * 16;
    for (const size of sizes) {
      addresses.push(next);
      next += size;
    }
    new Int32Array(this.memory.buffer, address, slots).set(addresses);
    const workspace = new WorkspaceImpl(this, address, m, this.layout.perBatch, addresses);
    this.workspaces.push({ m, workspace, address, bytes, used: clock });
    return workspace;
  }

  /** A view of `length` elements at `offset` (for workspaces). */
  viewAt(offset: number, length: number): WasmFloatArray {
    return this.view(offset, length);
  }

  private allocate(bytes: number, m: number): number {
    for (let pass = 0; pass < 2; pass++) {
      for (const block of this.free) {
        if (block.end - block.start >= bytes) {
          const address = block.start;
          block.start += bytes;
          return address;
        }
      }
      const end = this.memory.buffer.byteLength;
      const last = this.free.find((b) => b.end === end);
      const missing = bytes - (last === undefined ? 0 : last.end - last.start);
      const pages = Math.ceil(missing / PAGE);
      try {
        this.memory.grow(pages);
        this.viewsValid = false;
      } catch {
        const mib = (n: number) => `${Math.ceil(n / 2 ** 20)} MiB`;
        throw new RangeError(`the workspace for batch size m = ${m} needs ${mib(bytes)} more than WebAssembly memory can grow to here (it holds ${mib(end)})`);
      }
      if (last !== undefined) last.end = this.memory.buffer.byteLength;
      else this.free.push({ start: end, end: this.memory.buffer.byteLength });
    }
    throw new Error('wasm runtime: allocation failed after growing the memory');
  }

  private release(start: number, bytes: number): void {
    this.free.push({ start, end: start + bytes });
    this.free.sort((a, b) => a.start - b.start);
    for (let k = this.free.length - 1; k > 0; k--) {
      if (this.free[k - 1].end === this.free[k].start) {
        this.free[k - 1].end = this.free[k].end;
        this.free.splice(k, 1);
      }
    }
  }

  /** Runs kernel `index` whole on this thread. */
  call(index: number, ws: number, m: number): void {
    this.kernels[index](ws, m, 0, 0);
  }

  /** Runs a splittable kernel over `columns` output columns, across the threads when it is worth it. */
  run(index: number, ws: number, m: number, columns: number, work: number): void {
    const pool = this.pool;
    const align = this.info[index].align;
    if (pool === null || work < SPLIT_WORK || columns < 2 * align) {
      this.kernels[index](ws, m, 0, columns);
      return;
    }
    const control = pool.control;
    const parts = pool.workers.length + 1;
    const bound = (p: number) => Math.min(columns, Math.round((columns * p) / parts / align) * align);
    for (let p = 1; p < parts; p++) {
      control[RANGES + 2 * (p - 1)] = bound(p);
      control[RANGES + 2 * (p - 1) + 1] = p === parts - 1 ? columns : bound(p + 1);
    }
    control[KERNEL] = index;
    control[WS] = ws;
    control[M] = m;
    Atomics.store(control, DONE, 0);
    Atomics.add(control, GENERATION, 1);
    Atomics.notify(control, GENERATION);
    this.kernels[index](ws, m, 0, bound(1));
    while (Atomics.load(control, DONE) < parts - 1) {
      // Spin: the other parts end about when this one does.
    }
    if (Atomics.load(control, FAILED) !== 0) throw new Error(`wasm runtime: a worker failed in kernel ${this.info[index].name}`);
  }

  /** Stops the worker threads (the model keeps working on the calling thread only after this). */
  dispose(): void {
    const pool = this.pool;
    if (pool === null) return;
    Atomics.store(pool.control, STOP, 1);
    Atomics.add(pool.control, GENERATION, 1);
    Atomics.notify(pool.control, GENERATION);
    for (const worker of pool.workers) void worker.terminate();
    pool.workers.length = 0;
  }
}

class WorkspaceImpl implements WasmWorkspace {
  private readonly staged = new Map<string, WasmFloatArray>();

  constructor(
    private readonly runtime: WasmRuntime,
    readonly descriptor: number,
    readonly m: number,
    private readonly buffers: WasmLayoutInfo['perBatch'],
    private readonly addresses: readonly number[],
  ) {
    for (const b of buffers) {
      Object.defineProperty(this, b.name, { get: () => this.runtime.viewAt(this.addresses[b.slot], b.perM * this.m + b.fixed) });
    }
  }

  stage(name: string, data: WasmFloatArray): void {
    if (this.staged.get(name) === data) return;
    const b = this.buffers.find((x) => x.name === name) as WasmLayoutInfo['perBatch'][number];
    this.runtime.viewAt(this.addresses[b.slot], b.perM * this.m + b.fixed).set(data);
    this.staged.set(name, data);
  }

  /** Forgets what was staged: the next call copies its inputs again (the caller may have changed them). */
  unstage(): void {
    this.staged.clear();
  }
}

/**
 * Starts `count` workers over the shared memory, or returns null (the caller then runs on one
 * thread) where one cannot start: it fails to load, exits, or is not ready in START_TIMEOUT_MS.
 */
async function startWorkers(module: WebAssembly.Module, memory: WebAssembly.Memory, info: readonly WasmKernelInfo[], count: number) {
  const control = new Int32Array(new SharedArrayBuffer(4 * (RANGES + 2 * count)));
  const source = `(${String(wasmWorkerMain)})();`;
  const workers: ThreadHandle[] = [];
  let failed = false;
  const fail = () => {
    failed = true;
  };
  for (let index = 0; index < count && !failed; index++) {
    let worker: ThreadHandle;
    try {
      worker = await startWorker(source, fail);
    } catch {
      fail();
      continue;
    }
    worker.postMessage({ module, memory, control, index, names: info.map((k) => k.name) });
    workers.push(worker);
  }
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Atomics.load(control, READY) < count) {
    if (failed || Atomics.load(control, FAILED) !== 0 || Date.now() > deadline) {
      for (const worker of workers) void worker.terminate();
      return null;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return { control, workers };
}

/**
 * A worker thread's whole program (its source text is what the worker runs, so it refers to
 * nothing outside itself): instantiate the module over the shared memory, then run the part of
 * each kernel the control block names.
 */
export function wasmWorkerMain(): void {
  type Start = { module: WebAssembly.Module; memory: WebAssembly.Memory; control: Int32Array; index: number; names: string[] };
  const g = globalThis as unknown as { addEventListener?: (t: string, f: (e: { data: Start }) => void) => void };
  const run = ({ module, memory, control, index, names }: Start) => {
    const [GENERATION, DONE, KERNEL, WS, M, STOP, READY, FAILED, RANGES] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    let kernels: ((ws: number, m: number, j0: number, j1: number) => void)[];
    try {
      const instance = new WebAssembly.Instance(module, {
        math: { exp: Math.exp, log: Math.log, log1p: Math.log1p, tanh: Math.tanh },
        env: { memory },
      });
      kernels = names.map((name) => instance.exports[name] as (ws: number, m: number, j0: number, j1: number) => void);
    } catch {
      Atomics.store(control, FAILED, 1);
      return;
    }
    Atomics.add(control, READY, 1);
    let seen = Atomics.load(control, GENERATION);
    for (;;) {
      let spins = 0;
      while (Atomics.load(control, GENERATION) === seen) {
        if (++spins > 20000) {
          Atomics.wait(control, GENERATION, seen);
          spins = 0;
        }
      }
      seen = Atomics.load(control, GENERATION);
      if (Atomics.load(control, STOP) !== 0) return;
      try {
        kernels[control[KERNEL]](control[WS], control[M], control[RANGES + 2 * index], control[RANGES + 2 * index + 1]);
      } catch {
        Atomics.store(control, FAILED, 1);
      }
      Atomics.add(control, DONE, 1);
    }
  };
  // Node runs this source as a CommonJS or an ES module (as the parent was started): import()
  // reaches worker_threads in both.
  const node = globalThis as { process?: { versions?: { node?: string } } };
  if (typeof node.process?.versions?.node === 'string') {
    const specifier = 'node:worker_threads';
    void import(/* @vite-ignore */ specifier).then((threads: { parentPort: { once(t: string, f: (m: Start) => void): void } }) => threads.parentPort.once('message', run));
  } else g.addEventListener?.('message', (event) => run(event.data));
}
