// Every diagnostic code on its exact message, span (line:column-line:column, end exclusive),
// help and note. `m(...)` wraps statements in `model t { ... }`, one per line from line 2,
// column 3.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from './diagnostics.js';
import { DIAGNOSTIC_CODES } from './diagnostic-codes.js';
import { parseModel } from './parse-model.js';

function m(...statements: string[]): string {
  return `model t {\n${statements.map((s) => `  ${s}\n`).join('')}}\n`;
}

const INPUT = 'input 2';
const HIDDEN = 'dense 4 tanh';
const OUTPUT = 'dense 1 sigmoid';
const LOSS = 'loss binary_cross_entropy';
const GD = 'optimizer gradient_descent(learning_rate: 0.1)';

function show(d: Diagnostic): string {
  const s = d.span;
  let text = `${d.code}${d.severity === 'warning' ? ' warning' : ''} ${s.startLine}:${s.startColumn}-${s.endLine}:${s.endColumn} ${d.message}`;
  if (d.related) text += ` | note ${d.related.span.startLine}:${d.related.span.startColumn}: ${d.related.message}`;
  if (d.hint) text += ` | help: ${d.hint}`;
  return text;
}

/** Every code some test below has produced. */
const exercised = new Set<string>();

function problems(text: string): string[] {
  const { model, diagnostics } = parseModel(text, 't.nn');
  for (const d of diagnostics) exercised.add(d.code);
  if (diagnostics.some((d) => d.severity === 'error')) expect(model).toBeNull();
  return diagnostics.map(show);
}

describe('syntax', () => {
  it('NNC001 unexpected characters, and parsing goes on', () => {
    expect(problems(m('input 2 $$', HIDDEN, 'dense 1 sigmod', LOSS, GD))).toEqual([
      "NNC001 2:11-2:13 unexpected characters '$$' | help: names are letters, digits and _; comments start with #",
      "NNC020 4:11-4:17 unknown activation 'sigmod' | help: did you mean 'sigmoid'?",
    ]);
  });

  it('NNC002 a missing number points just after the keyword when the line ends', () => {
    expect(problems(m('input', HIDDEN, OUTPUT, LOSS, GD))).toEqual(["NNC002 2:8-2:8 expected a number, found 'dense'"]);
  });

  it('NNC002 a wrong token on the same line is pointed at', () => {
    expect(problems(m(INPUT, 'dense relu', OUTPUT, LOSS, GD))).toEqual(["NNC002 3:9-3:13 expected a number, found 'relu'"]);
  });

  it('NNC002 a stray number takes its whole line', () => {
    expect(problems(m(INPUT, HIDDEN, '1 sigmoid', OUTPUT, LOSS, GD))).toEqual([
      "NNC002 4:3-4:4 expected a statement (input, dense, loss, init, seed, optimizer, regularization, train, precision), found '1' | help: a layer is written `dense UNITS ACTIVATION`",
    ]);
  });

  it("NNC002 a parameter without ':'", () => {
    expect(problems(m(INPUT, OUTPUT, LOSS, 'optimizer adam(learning_rate 0.1)'))).toEqual([
      "NNC002 5:32-5:35 expected ':' after 'learning_rate', found '0.1' | help: write learning_rate: 0.1",
    ]);
  });

  it('NNC002 names the kind of name expected, and the end of the file', () => {
    expect(problems(m(INPUT, OUTPUT, 'loss', GD))).toEqual([
      "NNC002 4:7-4:7 expected a loss (binary_cross_entropy, mean_squared_error, categorical_cross_entropy), found 'optimizer'",
    ]);
    // Layers may have been lost to the syntax error, so no NNC011; loss and optimizer are missing.
    expect(problems('model t {\n  input 2\n').map((p) => p.split(' ', 2).join(' ').slice(0, 16))).toEqual([
      'NNC012 1:1-1:8',
      'NNC013 1:1-1:8',
      'NNC002 2:10-2:10',
    ]);
    expect(problems('model t {\n  input 2\n')[2]).toBe("NNC002 2:10-2:10 expected a statement or '}', found end of file");
    expect(problems('')).toEqual(["NNC002 1:1-1:1 expected 'model', found end of file"]);
    expect(problems(`${m(INPUT, OUTPUT, LOSS, GD)}extra`)).toEqual(["NNC002 7:1-7:6 expected 'model' or end of file, found 'extra'"]);
  });

  it('NNC002 reports every syntax error of a file in one run', () => {
    const codes = problems(m('input', 'dense 4 relu init', '2 sigmoid', `${LOSS};`, 'train iterations', GD)).map((p) => p.slice(0, 14));
    expect(codes).toEqual(['NNC002 2:8-2:8', 'NNC002 3:20-3:', 'NNC002 4:3-4:4', 'NNC001 5:28-5:', 'NNC002 6:19-6:']);
  });

  it('NNC003 a second model', () => {
    expect(problems(`${m(INPUT, OUTPUT, LOSS, GD)}model other {\n}\n`)).toEqual([
      "NNC003 7:1-7:12 a file holds one model, 'other' is a second one | help: move it to a .nn file of its own",
    ]);
  });
});

describe('missing and repeated settings', () => {
  it('NNC010-NNC013 every required setting missing, pointing at the model header', () => {
    expect(problems(m('precision f32'))).toEqual([
      "NNC010 1:1-1:8 model 't' has no input size | help: add `input N`, N the number of features of one example",
      "NNC011 1:1-1:8 model 't' has no layers | help: add at least one layer, e.g. `dense 1 sigmoid`",
      "NNC012 1:1-1:8 model 't' has no loss | help: add e.g. `loss binary_cross_entropy` (or mean_squared_error, categorical_cross_entropy)",
      "NNC013 1:1-1:8 model 't' has no optimizer | help: add e.g. `optimizer gradient_descent(learning_rate: 0.01)`",
    ]);
  });

  it('NNC014 a setting given twice points at the second and notes the first', () => {
    expect(problems(m(INPUT, OUTPUT, LOSS, GD, 'loss mean_squared_error'))).toEqual([
      "NNC014 6:3-6:26 'loss' is set twice | note 4:3: first set here | help: keep one of them",
    ]);
    expect(problems(m(INPUT, OUTPUT, LOSS, GD, 'init he seed 1', 'seed 2'))).toEqual([
      "NNC014 7:3-7:9 'seed' is set twice | note 6:11: first set here | help: keep one of them",
    ]);
    expect(problems(m(INPUT, OUTPUT, LOSS, GD, 'train iterations 5 batch 4 batch 8'))).toEqual([
      "NNC014 6:30-6:37 'batch' is set twice | note 6:22: first set here | help: keep one of them",
    ]);
  });

  it('NNC015 unknown settings and training options, with or without a close match', () => {
    expect(problems(m(INPUT, OUTPUT, LOSS, GD, 'optimiser adam(learning_rate: 0.1)', 'layers 3', 'train iteration 10'))).toEqual([
      "NNC015 6:3-6:12 unknown setting 'optimiser' | help: did you mean 'optimizer'?",
      "NNC015 7:3-7:9 unknown setting 'layers' | help: expected one of: input, dense, loss, init, seed, optimizer, regularization, train, precision",
      "NNC015 8:9-8:18 unknown training option 'iteration' | help: did you mean 'iterations'?",
    ]);
  });
});

describe('unknown names', () => {
  it('NNC020-NNC025 with "did you mean"', () => {
    expect(
      problems(m(INPUT, 'dense 4 Tanh', OUTPUT, 'loss binary_crossentropy', 'init xavir', 'optimizer adm(learning_rate: 0.1)', 'regularization l3(0.1)', 'precision f65')),
    ).toEqual([
      "NNC020 3:11-3:15 unknown activation 'Tanh' | help: did you mean 'tanh'?",
      "NNC021 5:8-5:27 unknown loss 'binary_crossentropy' | help: did you mean 'binary_cross_entropy'?",
      "NNC022 6:8-6:13 unknown initializer 'xavir' | help: did you mean 'xavier'?",
      "NNC023 7:13-7:16 unknown optimizer 'adm' | help: did you mean 'adam'?",
      "NNC024 8:18-8:20 unknown regularization 'l3' | help: did you mean 'l2'?",
      "NNC025 9:13-9:16 unknown precision 'f65' | help: did you mean 'f64'?",
    ]);
  });

  it('NNC022 suggests xavier_course, the deep notebook\'s randn / sqrt(n[l-1])', () => {
    expect(problems(m(INPUT, OUTPUT, LOSS, 'init xavier_cource', GD))).toEqual([
      "NNC022 5:8-5:21 unknown initializer 'xavier_cource' | help: did you mean 'xavier_course'?",
    ]);
    expect(problems(m(INPUT, OUTPUT, LOSS, 'init xavier_course seed 1', GD))).toEqual([]);
  });

  it('lists the choices when nothing is close', () => {
    expect(problems(m(INPUT, 'dense 1 swish', LOSS, GD))).toEqual([
      "NNC020 3:11-3:16 unknown activation 'swish' | help: expected one of: sigmoid, tanh, relu, leaky_relu, linear, softmax",
    ]);
  });
});

describe('arguments', () => {
  it('NNC026 unknown parameter', () => {
    expect(problems(m(INPUT, OUTPUT, LOSS, 'optimizer momentum(learning_rate: 0.1, bta: 0.5)'))).toEqual([
      "NNC026 5:42-5:45 unknown parameter 'bta' for momentum | help: did you mean 'beta'?",
    ]);
  });

  it('NNC027 missing learning rate or lambda', () => {
    expect(problems(m(INPUT, OUTPUT, LOSS, 'optimizer adam', 'regularization l2()'))).toEqual([
      'NNC027 5:13-5:17 adam needs learning_rate | help: write adam(learning_rate: 0.01, ...)',
      'NNC027 6:18-6:22 l2 needs lambda | help: write l2(lambda: 0.7)',
    ]);
  });

  it('NNC028 too many, repeated, positional after named, arguments to a plain name', () => {
    expect(
      problems(
        m(INPUT, 'dense 4 tanh(2)', OUTPUT, LOSS, 'optimizer gradient_descent(0.1, 0.2)', 'init normal(scale: 0.1, scale: 0.2)', 'regularization l2(lambda: 0.1, 0.2)'),
      ),
    ).toEqual([
      "NNC028 3:16-3:17 tanh takes no arguments | help: write 'tanh' alone",
      'NNC028 6:35-6:38 gradient_descent takes 1 argument, this is one too many | help: gradient_descent takes: learning_rate',
      "NNC028 7:27-7:37 parameter 'scale' is given twice | note 7:15: first given here | help: keep one of them",
      "NNC028 8:34-8:37 a positional argument cannot follow named ones | help: name it, e.g. 'lambda: ...'",
    ]);
  });

  it('NNC029 a name where a number belongs', () => {
    expect(problems(m(INPUT, OUTPUT, LOSS, GD, 'init normal(scale: big)'))).toEqual([
      "NNC029 6:22-6:25 scale must be a number, found 'big' | help: for example scale: 0.01",
    ]);
  });
});

describe('values', () => {
  it('NNC030 sizes that are not positive integers', () => {
    expect(problems(m('input 0', 'dense 2.5 relu', 'dense -1 relu', OUTPUT, LOSS, GD))).toEqual([
      'NNC030 2:9-2:10 input size must be a positive integer, got 0',
      'NNC030 3:9-3:12 layer size must be a positive integer, got 2.5',
      'NNC030 4:9-4:11 layer size must be a positive integer, got -1',
    ]);
  });

  it('NNC031 absurd sizes, NNC032 absurd parameter counts', () => {
    expect(problems(m(INPUT, 'dense 1000001 relu', OUTPUT, LOSS, GD))).toEqual([
      'NNC031 3:9-3:16 layer size 1000001 is too large (at most 1000000 units)',
    ]);
    expect(problems(m('input 1000000', 'dense 1000 relu', OUTPUT, LOSS, GD))).toEqual([
      'NNC032 1:1-1:8 the model has 1000002001 parameters, more than the limit of 1000000000 | help: make the layers smaller',
    ]);
  });

  it('NNC033-NNC037, NNC041 hyper-parameters out of range', () => {
    expect(
      problems(
        m(
          INPUT,
          'dense 4 leaky_relu(1)',
          OUTPUT,
          LOSS,
          'optimizer adam(learning_rate: 0, beta1: -0.1, beta2: 1, epsilon: -1e-8)',
          'regularization l2(lambda: -0.1)',
          'init normal(1e999)',
        ),
      ),
    ).toEqual([
      'NNC037 3:22-3:23 slope must be at least 0 and less than 1, got 1',
      'NNC033 6:33-6:34 learning_rate must be a finite number greater than 0, got 0',
      'NNC034 6:43-6:47 beta1 must be at least 0 and less than 1, got -0.1',
      'NNC034 6:56-6:57 beta2 must be at least 0 and less than 1, got 1',
      'NNC035 6:68-6:73 epsilon must be a finite number greater than 0, got -1e-8',
      'NNC036 7:29-7:33 lambda must be a finite number of at least 0, got -0.1',
      'NNC041 8:15-8:20 scale must be a finite number greater than 0, got 1e999',
    ]);
  });

  it('NNC033 an infinite learning rate', () => {
    expect(problems(m(INPUT, OUTPUT, LOSS, 'optimizer gradient_descent(learning_rate: 1e400)'))).toEqual([
      'NNC033 5:45-5:50 learning_rate must be a finite number greater than 0, got 1e400',
    ]);
  });

  // Issue 12, finding 7: `learning_rate: 1e308` passed check, then `compile --target webgpu` failed.
  it('NNC042 a value float32 cannot hold: too large, or too small but not 0', () => {
    expect(problems(m(INPUT, OUTPUT, LOSS, 'optimizer gradient_descent(learning_rate: 1e308)', 'regularization l2(1e-40)'))).toEqual([
      'NNC042 5:45-5:50 learning_rate is 1e308, which float32 cannot hold | help: WebGPU and f32 models compute in float32; use a value between 1.2e-38 and 3.4e+38 (or 0)',
      'NNC042 6:21-6:26 lambda is 1e-40, which float32 cannot hold | help: WebGPU and f32 models compute in float32; use a value between 1.2e-38 and 3.4e+38 (or 0)',
    ]);
    expect(problems(m(INPUT, OUTPUT, LOSS, 'optimizer gradient_descent(learning_rate: 3.4e38)', 'regularization l2(0)'))).toEqual([]);
  });

  // Issue 12, finding 10: `learning_rate: 0x10` was reported as "got 0"; a byte-order mark was an unexpected character.
  it('reads decimal numbers only, and takes a leading byte-order mark as white space', () => {
    expect(problems(m(INPUT, OUTPUT, LOSS, 'optimizer gradient_descent(learning_rate: 0x10)'))).toEqual([
      'NNC033 5:45-5:49 learning_rate must be a finite number greater than 0, got 0x10',
    ]);
    expect(problems(m('input 0b101', OUTPUT, LOSS, GD))).toEqual(['NNC030 2:9-2:14 input size must be a positive integer, got 0b101']);
    expect(problems(`\uFEFF${m(INPUT, OUTPUT, LOSS, GD)}`)).toEqual([]);
  });

  it('NNC038 a batch without a size', () => {
    expect(problems(m(INPUT, OUTPUT, LOSS, GD, 'train iterations 5 batch'))).toEqual([
      'NNC038 6:22-6:27 batch needs a size or full | help: write e.g. `batch 32`, or `batch full`',
    ]);
  });

  it('NNC038-NNC040, NNC054 training options and seeds', () => {
    expect(problems(m(INPUT, OUTPUT, LOSS, GD, 'train iterations 0 epochs 3 batch 1.5 report_every -2 shuffle_seed 0.5', 'seed 4294967296'))).toEqual([
      'NNC039 6:20-6:21 iterations must be a positive integer, got 0',
      'NNC054 6:22-6:30 give either iterations or epochs, not both | note 6:9: the training length is already set here',
      'NNC038 6:37-6:40 batch size must be a positive integer, got 1.5',
      'NNC039 6:54-6:56 report_every must be a positive integer, got -2',
      'NNC040 6:70-6:73 seed must be an integer from 0 to 4294967295, got 0.5',
      'NNC040 7:8-7:18 seed must be an integer from 0 to 4294967295, got 4294967296',
    ]);
  });
});

describe('the layers against each other and the loss', () => {
  it('NNC050 binary cross-entropy needs one sigmoid unit', () => {
    const help = 'end with `dense 1 sigmoid`, or use categorical_cross_entropy with a softmax output for several classes';
    expect(problems(m(INPUT, 'dense 2 sigmoid', LOSS, GD))).toEqual([
      `NNC050 3:3-3:18 binary_cross_entropy needs the output layer to be exactly one sigmoid unit, but layer 1 is 2 sigmoid units | note 4:3: binary_cross_entropy chosen here | help: ${help}`,
    ]);
    expect(problems(m(INPUT, HIDDEN, 'dense 1 tanh', LOSS, GD))[0]).toContain('but layer 2 is 1 tanh unit |');
  });

  it('NNC051 categorical cross-entropy needs a softmax of at least 2 units', () => {
    const cce = 'loss categorical_cross_entropy';
    expect(problems(m(INPUT, 'dense 1 softmax', cce, GD))).toEqual([
      'NNC051 3:3-3:18 categorical_cross_entropy needs a softmax output layer of at least 2 units, but layer 1 is 1 softmax unit | note 4:3: categorical_cross_entropy chosen here | help: end with `dense K softmax`, K the number of classes; for two classes `dense 1 sigmoid` with binary_cross_entropy also works',
    ]);
    expect(problems(m(INPUT, 'dense 3 relu', cce, GD))[0]).toContain('but layer 1 is 3 relu units');
  });

  it('NNC052 softmax on a hidden layer', () => {
    expect(problems(m(INPUT, 'dense 4 softmax', OUTPUT, LOSS, GD))).toEqual([
      'NNC052 3:11-3:18 softmax is only allowed on the output layer, and layer 1 of 2 is hidden | help: use relu, leaky_relu or tanh on hidden layers',
    ]);
  });

  it('NNC053 zeros on hidden layers, model-wide or per layer, explaining symmetry', () => {
    const why = 'all units of a layer would compute the same function and receive the same gradient, so they never become different';
    const help = 'use `init he` (relu layers), `init xavier` or `init normal(0.01)`; zeros is only allowed on the output layer';
    expect(problems(m(INPUT, HIDDEN, HIDDEN, OUTPUT, LOSS, GD, 'init zeros'))).toEqual([
      `NNC053 8:3-8:13 zeros initialisation on hidden layers 1, 2: ${why} | help: ${help}`,
    ]);
    expect(problems(m(INPUT, 'dense 4 relu init zeros', OUTPUT, LOSS, GD))).toEqual([
      `NNC053 3:21-3:26 zeros initialisation on hidden layer 1: ${why} | help: ${help}`,
    ]);
  });

  it('NNC060 warns that shuffle_seed does nothing with full batches', () => {
    expect(problems(m(INPUT, OUTPUT, LOSS, GD, 'train iterations 10 shuffle_seed 4'))).toEqual([
      'NNC060 warning 6:23-6:37 shuffle_seed has no effect with full-batch training | help: add `batch N` to train on shuffled mini-batches, or remove shuffle_seed',
    ]);
  });

  it('skips whole-model checks after a syntax error instead of echoing it', () => {
    // The sigmoid layer is lost to the syntax error: no NNC050 about `dense 4 tanh` being last.
    expect(problems(m(INPUT, HIDDEN, 'dense sigmoid', LOSS, GD)).map((p) => p.slice(0, 6))).toEqual(['NNC002']);
  });
});

describe('coverage', () => {
  it('every diagnostic code is produced by a test above', () => {
    expect([...exercised].sort()).toEqual(Object.keys(DIAGNOSTIC_CODES).sort());
  });
});
