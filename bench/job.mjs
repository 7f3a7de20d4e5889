/**
 * The job directory a contender's child process reads: job.json (the network, m, the schedule,
 * the .nn source per precision) and every array as raw little-endian floats in both precisions
 * (NAME.f64, NAME.f32 = the f64 values rounded once), so that every f32 contender starts from
 * exactly the same float32 numbers and no child converts (and holds) a second copy.
 * Arrays: X (n[0], m), Y (n[L], m), W1, b1, ... row-major, the course's layout.
 */
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initialWeights, nnSource, steps } from './workloads.mjs';

function writeArray(dir, name, values) {
  const f64 = Float64Array.from(values);
  const f32 = Float32Array.from(values);
  writeFileSync(join(dir, `${name}.f64`), new Uint8Array(f64.buffer));
  writeFileSync(join(dir, `${name}.f32`), new Uint8Array(f32.buffer));
}

/**
 * Writes the job of `workload` at batch size m under `schedule` into `dir`.
 * @param {import('./workloads.mjs').Workload} workload
 */
export function writeJob(dir, workload, m, schedule) {
  const { X, Y } = workload.data(m, workload.dataSeed);
  writeArray(dir, 'X', X);
  writeArray(dir, 'Y', Y);
  initialWeights(workload).forEach((layer, i) => {
    writeArray(dir, `W${i + 1}`, layer.W);
    writeArray(dir, `b${i + 1}`, layer.b);
  });
  const job = {
    workload: workload.name,
    sizes: workload.sizes,
    activations: workload.activations,
    m,
    learningRate: workload.learningRate,
    schedule,
    steps: steps(schedule),
    nn: { f32: nnSource(workload, 'f32'), f64: nnSource(workload, 'f64') },
  };
  writeFileSync(join(dir, 'job.json'), JSON.stringify(job, null, 2));
  return job;
}

export function readJob(dir) {
  return JSON.parse(readFileSync(join(dir, 'job.json'), 'utf8'));
}

/** Reads NAME in `precision` straight into a typed array of `length` elements. */
export function readArray(dir, name, precision, length) {
  const array = precision === 'f32' ? new Float32Array(length) : new Float64Array(length);
  const fd = openSync(join(dir, `${name}.${precision}`), 'r');
  try {
    const bytes = new Uint8Array(array.buffer);
    let offset = 0;
    while (offset < bytes.length) {
      const read = readSync(fd, bytes, offset, bytes.length - offset, offset);
      if (read === 0) throw new Error(`${name}.${precision}: ${offset} bytes, expected ${bytes.length}`);
      offset += read;
    }
  } finally {
    closeSync(fd);
  }
  return array;
}

/** The initial layers, each { W: Float(32|64)Array (n[l] x n[l-1] row-major), b }. */
export function readLayers(dir, job, precision) {
  const { sizes } = job;
  const layers = [];
  for (let l = 1; l < sizes.length; l++) {
    layers.push({ W: readArray(dir, `W${l}`, precision, sizes[l] * sizes[l - 1]), b: readArray(dir, `b${l}`, precision, sizes[l]) });
  }
  return layers;
}

/** Writes a child's result where the parent will read it (stdout is left to the libraries' chatter). */
export function writeResult(path, result) {
  writeFileSync(path, JSON.stringify(result));
}

/** Peak resident set size of this process so far, in bytes. */
export function maxRssBytes() {
  return process.resourceUsage().maxRSS * 1024;
}
