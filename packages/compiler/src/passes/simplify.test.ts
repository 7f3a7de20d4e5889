import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../ir/builder.js';
import { evaluateOutputs } from '../ir/evaluate.js';
import type { Graph, NodeId, Shape } from '../ir/graph.js';
import { printGraph } from '../ir/print.js';
import { tensor } from '../ir/tensor.js';
import { assertValidGraph } from '../ir/verify.js';
import { leafValues } from '../testing/graph-values.js';
import { buildModel } from '../testing/model-builder.js';
import { randomData, randomModel, seededUniform } from '../testing/random-models.js';
import { deriveGradients } from './derive-gradients.js';
import { lowerModel } from './lower-model.js';
import { simplify } from './simplify.js';

function simplified(spec: Parameters<typeof buildModel>[0]): string {
  const derived = assertValidGraph(deriveGradients(lowerModel(buildModel(spec))), 'derive-gradients');
  return printGraph(assertValidGraph(simplify(derived), 'simplify'));
}

describe('simplify finds the textbook gradients', () => {
  it('sigmoid + binary cross-entropy: dZ2 = A2 - Y, with the 1/m folded into dW2 and db2', () => {
    const text = simplified({ sizes: [2, 4, 1], activations: ['tanh', 'sigmoid'], loss: 'binary_cross_entropy' });
    expect(text).toContain('dZ2:f64[1,m] = sub A2 Y');
    expect(text).toMatch(/^%\d+:f64\[1,4\] = matmul\[Tb\] dZ2 A1( +#.*)?$/m);
    expect(text).toMatch(/^dW2:f64\[1,4\] = mul %\d+ 1\/m( +#.*)?$/m);
    expect(text).toMatch(/^db2:f64\[1,1\] = mul %\d+ 1\/m( +#.*)?$/m);
    // tanh' = 1 - A1^2 multiplies W2^T dZ2; no division or loss derivative survives.
    expect(text).toMatch(/^dZ1:f64\[4,m\] = mul dA1 %\d+( +#.*)?$/m);
    expect(text).toContain('= sub 1 %');
    expect(text).not.toMatch(/= div /);
  });

  it('softmax + categorical cross-entropy: dZ2 = A2 - Y (using sum_rows(Y) = 1)', () => {
    const text = simplified({ sizes: [3, 5, 4], activations: ['relu', 'softmax'], loss: 'categorical_cross_entropy' });
    expect(text).toContain('dZ2:f64[4,m] = sub A2 Y');
    expect(text).not.toMatch(/= (div|sum_rows) /);
    expect(text).toContain('relu_grad Z1');
  });

  it('linear + mean squared error: dZ2 = Z2 - Y; L2 adds (lambda/m) W', () => {
    const text = simplified({ sizes: [2, 3, 1], activations: ['relu', 'linear'], loss: 'mean_squared_error', l2: 0.3 });
    expect(text).toContain('dZ2:f64[1,m] = sub Z2 Y');
    expect(text).toMatch(/= mul W2 0\.3\/m( +#.*)?$/m);
    expect(text).toMatch(/= mul W1 0\.3\/m( +#.*)?$/m);
  });

  it('keeps a source span on every equation but constants, backward ones included', () => {
    const model = buildModel({ sizes: [2, 4, 3], activations: ['tanh', 'softmax'], loss: 'categorical_cross_entropy', l2: 0.1 });
    const graph = simplify(deriveGradients(lowerModel(model)));
    const unplaced = graph.nodes.filter((node) => node.op !== 'const' && node.span === null);
    expect(unplaced.map((node) => `${node.name ?? node.id} = ${node.op}`)).toEqual([]);
  });

  it('reaches a fixed point (simplifying twice changes nothing)', () => {
    const model = buildModel({ sizes: [2, 4, 3], activations: ['leaky_relu', 'softmax'], loss: 'categorical_cross_entropy', l2: 0.1 });
    const once = simplify(deriveGradients(lowerModel(model)));
    expect(printGraph(simplify(once))).toBe(printGraph(once));
  });
});

describe('simplify preserves values', () => {
  it('on the gradient graphs of random models', () => {
    fc.assert(
      fc.property(randomModel(), fc.integer({ min: 1, max: 5 }), (model, m) => {
        const { X, Y } = randomData(model, m, 7);
        const derived = deriveGradients(lowerModel(model));
        const leaves = leafValues(model, X, Y, m);
        const before = evaluateOutputs(derived, m, leaves);
        const after = evaluateOutputs(assertValidGraph(simplify(derived), 'simplify'), m, leaves);
        for (const [name, value] of before) {
          const other = after.get(name)!;
          value.data.forEach((x, i) => expect(other.data[i]).toBeCloseTo(x, 10));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('on random expression graphs over X (2,m), a (2,1), r (1,m) and constants', () => {
    const shapes: Shape[] = [[2, 'm'], [2, 1], [1, 'm'], []];
    const step = fc.record({
      op: fc.constantFrom('add', 'sub', 'mul', 'safe_div', 'neg', 'tanh', 'sigmoid', 'square', 'sum_cols', 'sum_rows', 'sum_all', 'scale', 'cancel'),
      a: fc.nat(),
      b: fc.nat(),
      c: fc.constantFrom(-2, -1, 0, 0.5, 1, 3),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 14 }), fc.integer({ min: 1, max: 4 }), (steps, m) => {
        const b = new GraphBuilder('f64');
        const nodes: NodeId[] = [
          b.add('input', [], { name: 'X', shape: shapes[0], onehot: false }),
          b.add('param', [], { name: 'a', shape: shapes[1] }),
          b.add('param', [], { name: 'r', shape: shapes[2] }),
        ];
        const pick = (k: number) => nodes[k % nodes.length];
        for (const s of steps) {
          const [x, y] = [pick(s.a), pick(s.b)];
          const c = b.constant(s.c, [], s.c === 3 ? -1 : 0);
          const build = (): NodeId => {
            switch (s.op) {
              case 'add': case 'sub': case 'mul':
                return b.add(s.op, [x, y], {});
              case 'safe_div':
                return b.add('div', [x, b.add('add', [b.constant(1), b.add('square', [y], {})], {})], {});
              case 'neg': case 'tanh': case 'sigmoid': case 'square': case 'sum_cols': case 'sum_rows': case 'sum_all':
                return b.add(s.op, [x], {});
              case 'scale':
                return b.add('mul', [b.add('mul', [x, c], {}), y], {});
              default: {
                // (x / d) * d with d = 1 + y^2 > 0: the cancellation rule's pattern.
                const d = b.add('add', [b.constant(1), b.add('square', [y], {})], {});
                return b.add('mul', [b.add('div', [b.add('mul', [x, c], {}), d], {}), d], {});
              }
            }
          };
          try {
            nodes.push(build());
          } catch {
            // A step whose shapes do not fit (e.g. sum_cols of a scalar) is skipped.
          }
        }
        const graph: Graph = b.finish(nodes.slice(3).map((node, k) => ({ name: `o${k}`, role: 'prediction', node })));
        const next = seededUniform(m);
        const leaves = new Map([
          ['X', tensor(2, m, Array.from({ length: 2 * m }, () => 4 * next() - 2))],
          ['a', tensor(2, 1, [next() - 0.5, next() + 0.5])],
          ['r', tensor(1, m, Array.from({ length: m }, () => next() - 0.5))],
        ]);
        const before = evaluateOutputs(graph, m, leaves);
        const after = evaluateOutputs(assertValidGraph(simplify(graph), 'simplify'), m, leaves);
        for (const [name, value] of before) {
          const other = after.get(name)!;
          expect([other.rows, other.cols]).toEqual([value.rows, value.cols]);
          value.data.forEach((v, i) => expect(Math.abs(other.data[i] - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v))));
        }
      }),
      { numRuns: 300 },
    );
  });
});
