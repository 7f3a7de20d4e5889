/**
 * What the names in a `.nn` file mean: the statements, the training options, and for every
 * activation, initialiser, optimizer and regulariser the parameters it takes, their defaults and
 * the values they accept. The checker is driven by these tables.
 */
import type { DiagnosticCode } from './diagnostic-codes.js';
import type { ActivationKind, InitKind, OptimizerKind } from '@nnc/model/ir';

export const STATEMENT_KEYS = [
  'input',
  'dense',
  'loss',
  'init',
  'seed',
  'optimizer',
  'regularization',
  'train',
  'precision',
] as const;

export const TRAIN_OPTION_KEYS = ['iterations', 'epochs', 'batch', 'shuffle_seed', 'report_every'] as const;
export type TrainOptionKey = (typeof TRAIN_OPTION_KEYS)[number];

/** A condition on a numeric parameter, with the code and wording used when it fails. */
export interface NumberRule {
  readonly code: DiagnosticCode;
  readonly requirement: string;
  readonly holds: (value: number) => boolean;
}

export interface ParameterSpec {
  readonly name: string;
  /** null: the parameter is required. */
  readonly defaultValue: number | null;
  /** A typical value, shown in "add learning_rate: 0.01" hints. */
  readonly example: string;
  readonly rule: NumberRule;
}

/** The things one statement slot can name, e.g. the activations. */
export interface Family<K extends string> {
  /** "activation", "optimizer", ... as used in messages. */
  readonly noun: string;
  readonly unknownCode: DiagnosticCode;
  readonly signatures: Readonly<Record<K, readonly ParameterSpec[]>>;
}

const finitePositive = (value: number) => Number.isFinite(value) && value > 0;
const inUnitInterval = (value: number) => value >= 0 && value < 1;

const LEARNING_RATE: ParameterSpec = {
  name: 'learning_rate',
  defaultValue: null,
  example: '0.01',
  rule: { code: 'NNC033', requirement: 'must be a finite number greater than 0', holds: finitePositive },
};

function beta(name: string, defaultValue: number): ParameterSpec {
  return {
    name,
    defaultValue,
    example: String(defaultValue),
    rule: { code: 'NNC034', requirement: 'must be at least 0 and less than 1', holds: inUnitInterval },
  };
}

const EPSILON: ParameterSpec = {
  name: 'epsilon',
  defaultValue: 1e-8,
  example: '1e-8',
  rule: { code: 'NNC035', requirement: 'must be a finite number greater than 0', holds: finitePositive },
};

export const ACTIVATION_FAMILY: Family<ActivationKind> = {
  noun: 'activation',
  unknownCode: 'NNC020',
  signatures: {
    sigmoid: [],
    tanh: [],
    relu: [],
    leaky_relu: [
      {
        name: 'slope',
        defaultValue: 0.01,
        example: '0.01',
        rule: { code: 'NNC037', requirement: 'must be at least 0 and less than 1', holds: inUnitInterval },
      },
    ],
    linear: [],
    softmax: [],
  },
};

export const INIT_FAMILY: Family<InitKind> = {
  noun: 'initializer',
  unknownCode: 'NNC022',
  signatures: {
    normal: [
      {
        name: 'scale',
        defaultValue: 0.01,
        example: '0.01',
        rule: { code: 'NNC041', requirement: 'must be a finite number greater than 0', holds: finitePositive },
      },
    ],
    he: [],
    xavier: [],
    xavier_course: [],
    zeros: [],
  },
};

export const OPTIMIZER_FAMILY: Family<OptimizerKind> = {
  noun: 'optimizer',
  unknownCode: 'NNC023',
  signatures: {
    gradient_descent: [LEARNING_RATE],
    momentum: [LEARNING_RATE, beta('beta', 0.9)],
    adam: [LEARNING_RATE, beta('beta1', 0.9), beta('beta2', 0.999), EPSILON],
  },
};

export const REGULARIZER_FAMILY: Family<'l2'> = {
  noun: 'regularization',
  unknownCode: 'NNC024',
  signatures: {
    l2: [
      {
        name: 'lambda',
        defaultValue: null,
        example: '0.7',
        rule: {
          code: 'NNC036',
          requirement: 'must be a finite number of at least 0',
          holds: (value) => Number.isFinite(value) && value >= 0,
        },
      },
    ],
  },
};

/** Layer widths above this are surely a typo (and would not fit in memory anyway). */
export const MAX_UNITS = 1_000_000;
/** Models above this many parameters are refused. */
export const MAX_PARAMETERS = 1e9;
/** Seeds feed MT19937, which takes a 32-bit unsigned integer. */
export const MAX_SEED = 2 ** 32 - 1;
