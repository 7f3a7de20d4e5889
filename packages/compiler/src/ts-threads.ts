/**
 * The thread pool of a generated TypeScript model, pasted into every module the TypeScript target
 * writes (without the exports), so that the module stays standalone in Node and browsers.
 *
 * The large products are kernel functions of (buffers..., tile, m, j0, j1) that compute output
 * columns [j0, j1). `createModelAsync({ threads })` starts threads - 1 workers (worker_threads in
 * Node, Web Workers in a cross-origin-isolated page) whose program is the kernels' own source text
 * (with the op helpers they call); the model's buffers live on SharedArrayBuffers, so a worker
 * computes its columns straight into them. Workers know buffers by number: the first time a
 * product runs on a buffer, the pool posts it to every worker and waits until each has read it
 * (the workers leave their wait loop for that). Each product then costs one Atomics counter
 * round: the workers spin briefly on it before sleeping, the calling thread computes the first
 * part itself and spins until the others are done. Every output element is summed in the same
 * order whatever the split, so a model computes the same bits on any number of threads.
 */

import { availableCores, canShareMemory, startWorker, START_TIMEOUT_MS, type ThreadHandle } from './worker-threads.js';

export type SharedFloatArray = Float32Array | Float64Array;
type KernelFunction = (...args: never[]) => void;

export interface ThreadOptions {
  /** Threads for the large products (1: only the calling thread). Default: the cores available. */
  readonly threads?: number;
}

/** Work (multiply-adds) under which a product is not worth splitting. */
const SPLIT_WORK = 1 << 18;
/** Column splits are multiples of this (the kernels' register blocks are 4 columns wide). */
const SPLIT_ALIGN = 4;
/** Most buffers one kernel takes (before tile, m, j0, j1). */
const MAX_BUFFERS = 32;
/** Elements of the per-thread tile a kernel hands its accumulators to the epilogue through. */
const TILE_ELEMENTS = 16;
/** Control block (Int32Array indices): the job counter, its end, the job, and the ranges. */
const GENERATION = 0;
const DONE = 1;
const KERNEL = 2;
const M = 3;
const STOP = 4;
const READY = 5;
const FAILED = 6;
const READ = 7;
const BUFFER_COUNT = 8;
const BUFFERS = 9;
const RANGES = BUFFERS + MAX_BUFFERS;
/** KERNEL value telling the workers to read the buffers posted to them. */
const READ_MESSAGES = -1;
/** How long the workers may take to read posted buffers before the pool gives up. */
const READ_TIMEOUT_MS = 20_000;

/** n zeros on memory that worker threads can share where the platform allows it (else ordinary memory). */
function sharedFloat64(n: number): Float64Array {
  return canShareMemory() ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n);
}

/** n zeros on memory that worker threads can share where the platform allows it (else ordinary memory). */
function sharedFloat32(n: number): Float32Array {
  return canShareMemory() ? new Float32Array(new SharedArrayBuffer(4 * n)) : new Float32Array(n);
}

function isShared(array: unknown): boolean {
  return ArrayBuffer.isView(array) && typeof SharedArrayBuffer === 'function' && array.buffer instanceof SharedArrayBuffer;
}

export class ThreadPool {
  /** Each kernel's argument list on this thread, filled per call (nothing is allocated per product). */
  private readonly calls: unknown[][];
  private readonly tile = new Float64Array(TILE_ELEMENTS);
  /** The number workers know each buffer by. */
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  /** Numbers of buffers collected since the workers last read, for them to forget. */
  private readonly collected: number[] = [];
  private readonly finalizer = new FinalizationRegistry<number>((id) => this.collected.push(id));
  /** The shared copies of X per input slot and array type (made again when the length changes). */
  private readonly staged: (SharedFloatArray | null)[] = [null, null, null, null];
  private broken = false;

  private constructor(
    private readonly kernels: readonly KernelFunction[],
    private readonly control: Int32Array,
    private readonly workers: ThreadHandle[],
  ) {
    this.calls = kernels.map((k) => new Array<unknown>(k.length));
  }

  /**
   * The pool with `threads` threads (default: the cores available) where memory can be shared
   * and workers start, else null (the model then runs on the calling thread).
   */
  static async start(kernels: readonly KernelFunction[], helpers: readonly ((...args: number[]) => number)[], options: ThreadOptions = {}): Promise<ThreadPool | null> {
    const wanted = options.threads ?? (await availableCores());
    if (!Number.isInteger(wanted) || wanted < 1) throw new RangeError(`threads must be a positive integer, got ${wanted}`);
    if (wanted === 1 || !canShareMemory()) return null;
    const count = wanted - 1;
    const control = new Int32Array(new SharedArrayBuffer(4 * (RANGES + 2 * count)));
    const source = [...helpers.map(String), `const kernels = [\n${kernels.map(String).join(',\n')}\n];`, `(${String(tsWorkerMain)})(kernels);`].join('\n');
    const workers: ThreadHandle[] = [];
    let failed = false;
    const fail = () => {
      failed = true;
    };
    for (let index = 0; index < count && !failed; index++) {
      try {
        const worker = await startWorker(source, fail);
        worker.postMessage({ control, index });
        workers.push(worker);
      } catch {
        fail();
      }
    }
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Atomics.load(control, READY) < count) {
      if (failed || Atomics.load(control, FAILED) !== 0 || Date.now() > deadline) {
        for (const worker of workers) void worker.terminate();
        return null;
      }
      await new Promise<void>((resolve) => (globalThis as unknown as { setTimeout(f: () => void, ms: number): unknown }).setTimeout(resolve, 1));
    }
    return new ThreadPool(kernels, control, workers);
  }

  /** Threads that run the large products (the calling thread and the workers). */
  get threads(): number {
    return this.workers.length + 1;
  }

  /**
   * `x` where the workers can read it: itself when it is on shared memory, else a copy in the
   * pool's shared buffer for input `slot` (0: train's X, 1: every other method's, so that a
   * method called from train's onReport does not overwrite the X train is using).
   */
  stage(x: ArrayLike<number>, slot: 0 | 1): SharedFloatArray {
    if (isShared(x)) return x as SharedFloatArray;
    const f32 = x instanceof Float32Array;
    const index = 2 * slot + (f32 ? 1 : 0);
    let copy = this.staged[index];
    if (copy === null || copy.length !== x.length) {
      copy = f32 ? sharedFloat32(x.length) : sharedFloat64(x.length);
      this.staged[index] = copy;
    }
    copy.set(x);
    return copy;
  }

  /** Whether a product of `work` multiply-adds over `columns` output columns is worth splitting (else the caller runs it whole). */
  splits(work: number, columns: number): boolean {
    return work >= SPLIT_WORK && columns >= 2 * SPLIT_ALIGN && this.workers.length > 0;
  }

  /** Runs kernel `index` over `columns` output columns split across the threads (where `splits` says so). */
  run(index: number, buffers: readonly ArrayLike<number>[], m: number, columns: number): void {
    if (this.broken) throw new Error('nnc threads: a worker stopped answering; create the model again');
    if (buffers.length > MAX_BUFFERS) throw new Error(`nnc threads: a kernel takes more than ${MAX_BUFFERS} buffers`);
    const control = this.control;
    let unknown: ArrayLike<number>[] | null = null;
    for (const buffer of buffers) {
      if (!this.ids.has(buffer)) (unknown ??= []).push(buffer);
    }
    if (unknown !== null) this.post(unknown);
    control[BUFFER_COUNT] = buffers.length;
    for (let b = 0; b < buffers.length; b++) control[BUFFERS + b] = this.ids.get(buffers[b]) as number;
    const parts = this.workers.length + 1;
    const bound = (p: number) => Math.min(columns, Math.round((columns * p) / parts / SPLIT_ALIGN) * SPLIT_ALIGN);
    for (let p = 1; p < parts; p++) {
      control[RANGES + 2 * (p - 1)] = bound(p);
      control[RANGES + 2 * (p - 1) + 1] = p === parts - 1 ? columns : bound(p + 1);
    }
    control[KERNEL] = index;
    control[M] = m;
    Atomics.store(control, DONE, 0);
    Atomics.add(control, GENERATION, 1);
    Atomics.notify(control, GENERATION);
    const call = this.calls[index];
    for (let b = 0; b < buffers.length; b++) call[b] = buffers[b];
    call[buffers.length] = this.tile;
    call[buffers.length + 1] = m;
    call[buffers.length + 2] = 0;
    call[buffers.length + 3] = bound(1);
    try {
      (this.kernels[index] as (...args: unknown[]) => void)(...call);
    } finally {
      while (Atomics.load(control, DONE) < parts - 1) {
        // Spin: the other parts end about when this one does.
      }
    }
    if (Atomics.load(control, FAILED) !== 0) throw new Error(`nnc threads: a worker failed in kernel ${index}`);
  }

  /** Posts `buffers` to every worker (with the numbers of collected ones) and waits until all have read them. */
  private post(buffers: readonly ArrayLike<number>[]): void {
    const added: [number, ArrayLike<number>][] = [];
    for (const buffer of buffers) {
      if (!isShared(buffer)) throw new Error('nnc threads: a kernel buffer is not on shared memory');
      if (this.ids.has(buffer)) continue;
      const id = this.nextId++;
      this.ids.set(buffer, id);
      this.finalizer.register(buffer, id);
      added.push([id, buffer]);
    }
    const dropped = this.collected.splice(0);
    const control = this.control;
    for (const worker of this.workers) worker.postMessage({ added, dropped });
    Atomics.store(control, READ, 0);
    control[KERNEL] = READ_MESSAGES;
    Atomics.add(control, GENERATION, 1);
    Atomics.notify(control, GENERATION);
    const deadline = Date.now() + READ_TIMEOUT_MS;
    while (Atomics.load(control, READ) < this.workers.length) {
      if (Date.now() > deadline) {
        this.broken = true;
        throw new Error('nnc threads: a worker stopped answering; create the model again');
      }
    }
  }

  /** Stops the worker threads (the model keeps working on the calling thread only after this). */
  dispose(): void {
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
  }
}

/**
 * A worker thread's program after the kernels (its source text is what the worker runs, so it
 * refers to nothing outside itself): wait for a job on the control block, run this worker's
 * columns of the kernel it names with the buffers it numbers; leave the wait loop to read posted
 * buffers when told to, and come back to it after.
 */
export function tsWorkerMain(kernels: readonly ((...args: unknown[]) => void)[]): void {
  type Message = { control?: Int32Array; index?: number; added?: [number, Float32Array | Float64Array][]; dropped?: number[] };
  const [GENERATION, DONE, KERNEL, M, STOP, READY, FAILED, READ, BUFFER_COUNT, BUFFERS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const RANGES = BUFFERS + 32;
  const buffers = new Map<number, Float32Array | Float64Array>();
  const calls = kernels.map((k) => new Array<unknown>(k.length));
  const tile = new Float64Array(16);
  let control: Int32Array = new Int32Array(RANGES);
  let index = 0;
  /** The last job this worker took (kept across its returns to the event loop). */
  let seen = 0;
  const work = () => {
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
      const kernel = control[KERNEL];
      if (kernel < 0) return; // back to the event loop: buffers were posted
      try {
        const call = calls[kernel];
        const count = control[BUFFER_COUNT];
        for (let b = 0; b < count; b++) call[b] = buffers.get(control[BUFFERS + b]);
        call[count] = tile;
        call[count + 1] = control[M];
        call[count + 2] = control[RANGES + 2 * index];
        call[count + 3] = control[RANGES + 2 * index + 1];
        kernels[kernel](...call);
      } catch {
        Atomics.store(control, FAILED, 1);
      }
      Atomics.add(control, DONE, 1);
    }
  };
  const receive = (message: Message) => {
    if (message.control !== undefined) {
      control = message.control;
      index = message.index ?? 0;
      seen = Atomics.load(control, GENERATION);
      Atomics.add(control, READY, 1);
    } else {
      for (const [id, buffer] of message.added ?? []) buffers.set(id, buffer);
      for (const id of message.dropped ?? []) buffers.delete(id);
      Atomics.add(control, READ, 1);
    }
    work();
  };
  // Node runs this source as a CommonJS or an ES module (as the parent was started): import()
  // reaches worker_threads in both.
  const g = globalThis as unknown as { process?: { versions?: { node?: string } }; addEventListener?: (t: string, f: (e: { data: Message }) => void) => void };
  if (typeof g.process?.versions?.node === 'string') {
    const specifier = 'node:worker_threads';
    void import(/* @vite-ignore */ specifier).then((threads: { parentPort: { on(t: string, f: (m: Message) => void): void } }) => threads.parentPort.on('message', receive));
  } else g.addEventListener?.('message', (event) => receive(event.data));
}
