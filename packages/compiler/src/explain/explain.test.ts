import { parseModel } from '@nnc/dsl';
import type { ModelIR } from '@nnc/dsl/ir';
import fc from 'fast-check';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { evaluateOutputs } from '../ir/evaluate.js';
import { constValue } from '../ir/ops.js';
import { columnwise, mapTensors, matmulTensors, sumTensor, tensor, type Tensor } from '../ir/tensor.js';
import { compileGraphs } from '../pipeline.js';
import { buildModel } from '../testing/model-builder.js';
import { leafValues } from '../testing/graph-values.js';
import { randomData, randomModel } from '../testing/random-models.js';
import { graphEquations, nameVariable } from './graph-equations.js';
import { explainModel, latexText } from './index.js';
import type { Expr } from './math.js';

const PLANAR = `# the shallow network of the flower example
model planar {
  input 2
  dense 4 tanh
  dense 1 sigmoid
  loss binary_cross_entropy
  init normal(0.01) seed 2
  optimizer gradient_descent(learning_rate: 1.2)
  train iterations 10000 report_every 1000
}
`;

function parsed(text: string, file: string): ModelIR {
  const { model, diagnostics } = parseModel(text, file);
  if (model === null) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return model;
}

/** The equation lines of a text explanation, without the shape column. */
function equations(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => line.trim().replace(/ {3,}.*$/, ''));
}

/** `  <equation>   <shape>` as one line of the text format. */
const line = (equation: string, shape: string) => new RegExp(`^  ${escape(equation)} +${escape(shape)}$`, 'm');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('explainModel on the flower network', () => {
  const text = explainModel(parsed(PLANAR, 'planar.nn'));

  it('prints the forward pass with every shape', () => {
    expect(text).toMatch(line('Z[1] = W[1] X + b[1]', '(4, m)'));
    expect(text).toMatch(line('A[1] = tanh(Z[1])', '(4, m)'));
    expect(text).toMatch(line('Z[2] = W[2] A[1] + b[2]', '(1, m)'));
    expect(text).toMatch(line('A[2] = sigmoid(Z[2])', '(1, m)'));
  });

  it('finds dZ[2] = A[2] - Y: the simplifier cancels sigmoid\'s derivative against the loss\'s', () => {
    expect(text).toMatch(line('dZ[2] = A[2] - Y', '(1, m)'));
    expect(text).toMatch(line('dW[2] = (1/m) dZ[2] A[1]^T', '(1, 4)'));
    expect(text).toMatch(line('db[2] = (1/m) sum_cols dZ[2]', '(1, 1)'));
    expect(text).toMatch(line('dA[1] = W[2]^T dZ[2]', '(4, m)'));
    expect(text).toMatch(line('dZ[1] = dA[1] * (1 - A[1]^2)', '(4, m)'));
    expect(text).toMatch(line('dW[1] = (1/m) dZ[1] X^T', '(4, 2)'));
  });

  it('prints the cost the generated code computes (from the logits) and the update', () => {
    expect(text).toMatch(line('J = (1/m) sum(max(Z[2], 0) - Z[2] * Y + log(1 + exp(-|Z[2]|)))', 'scalar'));
    expect(text).toContain('\nupdate, with alpha = 1.2\n');
    expect(text).toMatch(line('W[1] := W[1] - alpha dW[1]', '(4, 2)'));
    expect(text).toMatch(line('b[2] := b[2] - alpha db[2]', '(1, 1)'));
    // 4 forward, 1 cost, 7 backward, 4 updates: one line per value the generated code keeps.
    expect(equations(text)).toHaveLength(16);
  });

  it('names the .nn line of each equation with --with-source, under the name asked for', () => {
    const withSource = explainModel(parsed(PLANAR, 'planar.nn'), { withSource: true, sourceName: 'models/flower.nn' });
    expect(withSource).toMatch(/^ {2}A\[1\] = tanh\(Z\[1\]\) +\(4, m\) +# models\/flower\.nn:4 dense 4 tanh$/m);
    expect(withSource).toMatch(/^ {2}dZ\[2\] = A\[2\] - Y +\(1, m\) +# models\/flower\.nn:6 loss binary_cross_entropy$/m);
    expect(withSource).toMatch(/^ {2}W\[1\] := .* # models\/flower\.nn:8 optimizer gradient_descent\(learning_rate: 1\.2\)$/m);
  });

  it('spells the same equations in Markdown and LaTeX', () => {
    const markdown = explainModel(parsed(PLANAR, 'planar.nn'), { format: 'markdown' });
    expect(markdown).toContain('## Backward pass\n\n- `dZ[2] = A[2] - Y` (1, m)\n');
    const latex = explainModel(parsed(PLANAR, 'planar.nn'), { format: 'latex' });
    expect(latex).toContain('dZ^{[2]} &= A^{[2]} - Y && (1, m) \\\\\n');
    expect(latex).toContain('dW^{[2]} &= \\frac{1}{m} dZ^{[2]} A^{[1]T} && (1, 4) \\\\\n');
    expect(latex).toContain('dZ^{[1]} &= dA^{[1]} * \\left(1 - {A^{[1]}}^{2}\\right) && (4, m) \\\\\n');
    expect(latex).toContain('W^{[1]} &\\coloneqq W^{[1]} - \\alpha dW^{[1]} && (4, 2) \\\\\n');
  });
});

describe('explainModel on other models', () => {
  it('softmax with categorical cross-entropy: dZ[L] = A[L] - Y, the cost from logsumexp', () => {
    const text = explainModel(buildModel({ sizes: [4, 5, 3], activations: ['relu', 'softmax'] }));
    expect(text).toMatch(line('A[2] = softmax(Z[2])', '(3, m)'));
    expect(text).toMatch(line('J = (1/m) sum(Y * (logsumexp(Z[2]) - Z[2]))', 'scalar'));
    expect(text).toMatch(line('dZ[2] = A[2] - Y', '(3, m)'));
    expect(text).toMatch(line('dZ[1] = dA[1] * (Z[1] > 0)', '(5, m)'));
  });

  it('a linear output with mean squared error: A[L] = Z[L], dZ[L] = Z[L] - Y', () => {
    const text = explainModel(buildModel({ sizes: [3, 2, 1], activations: ['tanh', 'linear'] }));
    expect(text).toMatch(line('A[2] = Z[2]', '(1, m)'));
    expect(text).toMatch(line('J = (1/m) sum(0.5 (Z[2] - Y)^2)', 'scalar'));
    expect(text).toMatch(line('dZ[2] = Z[2] - Y', '(1, m)'));
  });

  it('sigmoid with mean squared error keeps the derivative the simplifier cannot cancel', () => {
    // Not a template: the graph has (A - Y) * A (1 - A), so that is what explain prints.
    const text = explainModel(buildModel({ sizes: [2, 1], activations: ['sigmoid'], loss: 'mean_squared_error' }));
    expect(text).toMatch(line('dA[1] = A[1] - Y', '(1, m)'));
    expect(text).toMatch(line('dZ[1] = dA[1] * A[1] * (1 - A[1])', '(1, m)'));
  });

  it('momentum: the moment and the step, with beta and alpha', () => {
    const model = buildModel({ sizes: [2, 3, 1], activations: ['relu', 'sigmoid'], optimizer: { kind: 'momentum', learningRate: 0.05, beta: 0.8 } });
    const text = explainModel(model);
    expect(text).toContain('\nupdate, with alpha = 0.05, beta = 0.8\n');
    expect(text).toMatch(line('vdW[1] := beta vdW[1] + (1 - beta) dW[1]', '(3, 2)'));
    expect(text).toMatch(line('W[1] := W[1] - alpha vdW[1]', '(3, 2)'));
    expect(text).toMatch(line('vdb[2] := beta vdb[2] + (1 - beta) db[2]', '(1, 1)'));
  });

  it('Adam: both moments, the bias corrections c1 and c2, epsilon', () => {
    const model = buildModel({
      sizes: [2, 3, 1],
      activations: ['tanh', 'sigmoid'],
      optimizer: { kind: 'adam', learningRate: 0.002, beta1: 0.85, beta2: 0.99, epsilon: 1e-7 },
    });
    const text = explainModel(model);
    expect(text).toContain('\nupdate, with alpha = 0.002, beta1 = 0.85, beta2 = 0.99, epsilon = 1e-7, c1 = 1 / (1 - beta1^t), c2 = 1 / (1 - beta2^t)\n');
    expect(text).toMatch(line('vdW[1] := beta1 vdW[1] + (1 - beta1) dW[1]', '(3, 2)'));
    expect(text).toMatch(line('sdW[1] := beta2 sdW[1] + (1 - beta2) dW[1]^2', '(3, 2)'));
    expect(text).toMatch(line('W[1] := W[1] - alpha (c1 vdW[1]) / (sqrt(c2 sdW[1]) + epsilon)', '(3, 2)'));
  });

  it('L2: lambda/(2m) times the squared weights in J, (lambda/m) W[l] in dW[l]', () => {
    const text = explainModel(buildModel({ sizes: [2, 3, 1], activations: ['relu', 'sigmoid'], l2: 0.7 }));
    expect(text).toContain('\ncost, with lambda = 0.7\n');
    expect(equations(text)).toContain('J = (1/m) sum(max(Z[2], 0) - Z[2] * Y + log(1 + exp(-|Z[2]|))) + (lambda / (2 m)) (sum(W[1]^2) + sum(W[2]^2))');
    expect(text).toMatch(line('dW[1] = (1/m) dZ[1] X^T + (lambda/m) W[1]', '(3, 2)'));
    expect(text).toMatch(line('db[1] = (1/m) sum_cols dZ[1]', '(3, 1)'));
  });

  it('leaky ReLU and its derivative', () => {
    const text = explainModel(buildModel({ sizes: [2, 3, 1], activations: [{ kind: 'leaky_relu', slope: 0.1 }, 'sigmoid'] }));
    expect(text).toMatch(line('A[1] = where(Z[1] > 0, Z[1], 0.1 Z[1])', '(3, m)'));
    expect(text).toMatch(line('dZ[1] = dA[1] * where(Z[1] > 0, 1, 0.1)', '(3, m)'));
  });
});

describe('explain escapes what a user wrote', () => {
  it('keeps file names inside \\text{} and renders in KaTeX', () => {
    const name = 'we{ird}_%$#&^~\\.nn';
    const tex = explainModel(parsed(PLANAR, name), { format: 'latex', withSource: true });
    expect(tex).toContain(`\\text{${latexText(name)}}`);
    expect(() => katex.renderToString(tex, { throwOnError: true, displayMode: true })).not.toThrow();
  });

  it.each([
    'm\nJ = 0\ndeclare namespace N {.nn',
    'm\r\u2028\u2029*\\.nn',
    'm`${process.exit(9)}`.nn',
    'a$b\\frac{1}{2}%&#_^~.nn',
  ])('puts the file name %j on one line in every format and renders in KaTeX', (name) => {
    for (const format of ['text', 'markdown', 'latex'] as const) {
      const out = explainModel(parsed(PLANAR, name), { format, withSource: true });
      const normal = explainModel(parsed(PLANAR, 'p.nn'), { format, withSource: true });
      expect(out.split('\n')).toHaveLength(normal.split('\n').length);
      expect(out).not.toMatch(/[\r\u2028\u2029]/);
      if (format === 'latex') expect(() => katex.renderToString(out, { throwOnError: true, displayMode: true, strict: 'error' })).not.toThrow();
    }
    expect(explainModel(parsed(PLANAR, name)).split('\n')[0]).toContain(name.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
  });

  it('fences Markdown code spans around backticks', () => {
    const markdown = explainModel(parsed(PLANAR, 'a`b.nn'), { format: 'markdown', withSource: true });
    expect(markdown).toContain('What the code generated from `` a`b.nn `` computes');
  });
});

describe('the printed equations compute what the graph computes', () => {
  // An evaluator for the printed expression trees, independent of the op table: each equation
  // is evaluated in order (`:=` overwrites) and the results must equal the interpreter's outputs.
  it('on random models (every activation, loss, optimizer, L2)', () => {
    fc.assert(
      fc.property(randomModel(), (model) => {
        const m = 5;
        const { X, Y } = randomData(model, m, 11);
        const leaves = leafValues(model, X, Y, m);
        const graph = compileGraphs(model)['add-optimizer'];
        const expected = evaluateOutputs(graph, m, leaves);
        const env = new Map<string, Tensor>();
        for (const [name, value] of leaves) env.set(name.startsWith('bias_correction') ? `c${name.slice(-1)}` : nameVariable(name, false).text, value);
        env.set('m', tensor(1, 1, [m]));
        const sections = graphEquations(graph, model);
        for (const section of sections) {
          for (const entry of section.legend) if (!entry.symbol.text.startsWith('c')) env.set(entry.symbol.text, evaluate(entry.meaning, env, m));
          for (const eq of section.equations) env.set(eq.lhs.text, evaluate(eq.rhs, env, m));
        }
        for (const output of graph.outputs) {
          const name = output.role === 'update' ? (output.target as string) : output.name;
          const got = env.get(nameVariable(name, false).text);
          expect(got, name).toBeDefined();
          const want = expected.get(output.name) as Tensor;
          expect([got?.rows, got?.cols], name).toEqual([want.rows, want.cols]);
          want.data.forEach((w, i) => expect(Math.abs((got as Tensor).data[i] - w), name).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w))));
        }
      }),
      { numRuns: 60, seed: 9 },
    );
  });
});

function evaluate(expr: Expr, env: ReadonlyMap<string, Tensor>, m: number): Tensor {
  const map = (fn: (...x: number[]) => number, ...args: Tensor[]) =>
    mapTensors(Math.max(...args.map((t) => t.rows)), Math.max(...args.map((t) => t.cols)), args, fn);
  const ev = (e: Expr) => evaluate(e, env, m);
  switch (expr.kind) {
    case 'var': {
      const value = env.get(expr.text);
      if (value === undefined) throw new Error(`unbound ${expr.text}`);
      return value;
    }
    case 'number':
      return tensor(1, 1, [constValue(expr.value, expr.mPower, m)]);
    case 'neg':
      return map((x) => -x, ev(expr.arg));
    case 'square':
      return map((x) => x * x, ev(expr.arg));
    case 'abs':
      return map(Math.abs, ev(expr.arg));
    case 'positive':
      return map((x) => (x > 0 ? 1 : 0), ev(expr.arg));
    case 'transpose': {
      const t = ev(expr.arg);
      return matmulTensors(t, tensor(t.rows, t.rows, identity(t.rows)), true, false);
    }
    case 'sum':
      return sumTensor(ev(expr.arg), expr.axis);
    case 'call': {
      const args = expr.args.map(ev);
      switch (expr.fn) {
        case 'sigmoid':
          return map((z) => 1 / (1 + Math.exp(-z)), args[0]);
        case 'tanh':
          return map(Math.tanh, args[0]);
        case 'relu':
          return map((z) => Math.max(z, 0), args[0]);
        case 'exp':
          return map(Math.exp, args[0]);
        case 'log':
          return map(Math.log, args[0]);
        case 'sqrt':
          return map(Math.sqrt, args[0]);
        case 'max':
          return map(Math.max, ...args);
        case 'where':
          return map((c, a, b) => (c !== 0 ? a : b), ...args);
        case 'softmax':
        case 'logsumexp':
          return columnwise(args[0], expr.fn);
      }
      throw new Error('unreachable');
    }
    case 'binary': {
      const [a, b] = [ev(expr.left), ev(expr.right)];
      switch (expr.op) {
        case '+':
          return map((x, y) => x + y, a, b);
        case '-':
          return map((x, y) => x - y, a, b);
        case '*':
          return map((x, y) => x * y, a, b);
        case '/':
          return map((x, y) => x / y, a, b);
        case 'product':
          // A matrix product where the sizes fit, otherwise a scalar factor (1 x 1 either way).
          return a.cols === b.rows ? matmulTensors(a, b, false, false) : map((x, y) => x * y, a, b);
      }
    }
  }
}

function identity(n: number): number[] {
  return Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 1 : 0));
}
