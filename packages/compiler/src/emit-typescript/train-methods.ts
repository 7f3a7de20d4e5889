/**
 * Writers for `train` and the mini-batch machinery of the generated class. The batch schedule
 * is the shared one (model-ir.ts, Training): optimizer step t uses batch t mod B of epoch
 * floor(t / B), epochs shuffled with NumpyRandom(shuffleSeed + epoch).permutation(m), so a
 * restored optimizer state continues its epoch. Batch buffers are allocated once per batch size.
 */
import type { WriterFunction } from 'ts-morph';
import type { ModulePlan } from './model-methods.js';
import { checkInputs, newArrayText, phaseMethodName } from './model-methods.js';
import type { PhaseName } from '../ir/schedule.js';

function call(plan: ModulePlan, phase: PhaseName, X: string, Y: string, m: string): string {
  const args = { w: 'w', X, Y, m };
  return `this.${phaseMethodName(phase)}(${plan.phaseParams[phase].map((p) => args[p]).join(', ')});`;
}

export function writeTrain(plan: ModulePlan): WriterFunction {
  const { training } = plan.model;
  const miniBatch = training.batchSize !== null;
  const perEpoch = miniBatch ? `Math.ceil(m / ${training.batchSize})` : '1';
  return (writer) => {
    checkInputs(plan, writer, true);
    writer.writeLine(plan.threads ? 'const x = this.input(X, m, 0);' : 'const x = this.input(X, m);');
    if (training.epochs !== null || miniBatch) writer.writeLine(`const perEpoch = ${perEpoch};`);
    const iterations = training.iterations !== null ? String(training.iterations) : `${training.epochs} * perEpoch`;
    const reportEvery = training.epochs !== null ? `${training.reportEvery} * perEpoch` : String(training.reportEvery);
    writer.writeLine(`const iterations = checkCount(options.iterations ?? ${iterations}, 'iterations', 0);`);
    writer.writeLine(`const reportEvery = checkCount(options.reportEvery ?? ${reportEvery}, 'reportEvery', 1);`);
    writer.writeLine('const costs: ReportEvent[] = [];');
    writer.writeLine('let taken = 0;');
    if (!miniBatch) writer.writeLine('const w = this.workspace(m);');
    writer.write('for (let i = 0; i < iterations; i++) ').block(() => {
      let [x, y, size] = ['x', 'Y', 'm'];
      if (miniBatch) {
        writer.writeLine('const columns = this.columns(this.t, m);');
        writer.writeLine('const size = columns.length;');
        writer.writeLine('const batch = this.gather(x, Y, m, columns);');
        writer.writeLine('const w = this.workspace(size);');
        [x, y, size] = ['batch.X', 'batch.Y', 'size'];
      }
      writer.writeLine(call(plan, 'forward', x, y, size));
      writer.write('if (i % reportEvery === 0) ').block(() => {
        writer.writeLine(call(plan, 'cost', x, y, size));
        writer.writeLine(`const event = { iteration: i, cost: this.${plan.schedule.cost}[0] };`);
        writer.writeLine('costs.push(event);');
        writer.writeLine('if (options.onReport?.(event) === false) break;');
      });
      if (plan.backwardNeedsCost) {
        writer.write('else ').block(() => writer.writeLine(call(plan, 'cost', x, y, size)));
      }
      writer.writeLine(call(plan, 'backward', x, y, size));
      writer.writeLine('this.update();');
      writer.writeLine('taken++;');
    });
    writer.writeLine('return { costs, iterations: taken, finalCost: this.cost(X, Y, m) };');
  };
}

/**
 * The columns of the batch that optimizer step t uses: a new permutation once per epoch, drawn
 * into the order buffer by one reseeded generator (nothing is allocated after the first epoch).
 */
export function writeColumns(plan: ModulePlan): WriterFunction {
  const { batchSize, shuffleSeed } = plan.model.training;
  return (writer) => {
    writer.writeLine(`const perEpoch = Math.ceil(m / ${batchSize});`);
    writer.writeLine('const epoch = Math.floor(t / perEpoch);');
    writer.write('if (epoch !== this.orderEpoch || m !== this.order.length) ').block(() => {
      writer.writeLine('if (m !== this.order.length) this.order = new Int32Array(m);');
      writer.writeLine(`this.shuffler.reseed(${shuffleSeed} + epoch);`);
      writer.writeLine('this.shuffler.permutationInto(this.order);');
      writer.writeLine('this.orderEpoch = epoch;');
    });
    writer.writeLine(`const start = (t % perEpoch) * ${batchSize};`);
    writer.writeLine(`return this.order.subarray(start, Math.min(start + ${batchSize}, m));`);
  };
}

/** Copies the chosen columns of X and Y into the preallocated batch buffers of that size. */
export function writeGather(plan: ModulePlan): WriterFunction {
  const [n0, nL] = [plan.sizes[0], plan.sizes[plan.sizes.length - 1]];
  return (writer) => {
    writer.writeLine('const size = columns.length;');
    writer.writeLine('let batch = this.batches.get(size);');
    writer.write('if (batch === undefined) ').block(() => {
      writer.writeLine(`batch = { X: ${newArrayText(plan, plan.arrayType, `${n0} * size`)}, Y: ${newArrayText(plan, plan.arrayType, `${nL} * size`)} };`);
      writer.writeLine('this.batches.set(size, batch);');
    });
    writer.write(`for (let j = 0; j < size; j++) `).block(() => {
      writer.writeLine(`for (let i = 0; i < ${n0}; i++) batch.X[i * size + j] = X[i * m + columns[j]];`);
      writer.writeLine(`for (let i = 0; i < ${nL}; i++) batch.Y[i * size + j] = Y[i * m + columns[j]];`);
    });
    writer.writeLine('return batch;');
  };
}
