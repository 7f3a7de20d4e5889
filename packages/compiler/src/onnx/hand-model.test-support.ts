/** Test support: ModelIR values built by hand (no parser) and reproducible weights for them. */
import type { Activation, LayerParameters, ModelIR, Span } from '@nnc/dsl/ir';

const SPAN: Span = { file: 'hand.nn', startOffset: 0, endOffset: 0, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };

export function handModel(
  name: string,
  inputSize: number,
  layers: readonly [number, Activation][],
  overrides: Partial<Pick<ModelIR, 'loss' | 'precision'>> = {},
): ModelIR {
  const text = `# hand-built ${name}\n`;
  return {
    name,
    inputSize,
    layers: layers.map(([units, activation], i) => ({ index: i + 1, units, activation, init: { kind: 'xavier' }, span: SPAN })),
    loss: overrides.loss ?? 'binary_cross_entropy',
    seed: 1,
    optimizer: { kind: 'gradient_descent', learningRate: 0.1 },
    l2: 0,
    training: { iterations: 10, epochs: null, batchSize: null, shuffleSeed: 0, reportEvery: 1 },
    precision: overrides.precision ?? 'f32',
    source: { file: 'hand.nn', sha256: 'ab'.repeat(32), text },
    span: SPAN,
    statementSpans: { loss: SPAN, optimizer: SPAN },
  };
}

/** Deterministic pseudo-random weights in [-scale, scale) (a linear congruential stream). */
export function lcgWeights(model: ModelIR, seed: number, scale = 1): LayerParameters[] {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32) * 2 * scale - scale;
  };
  let fanIn = model.inputSize;
  return model.layers.map((layer) => {
    const W = Array.from({ length: layer.units }, () => Array.from({ length: fanIn }, next));
    const b = Array.from({ length: layer.units }, next);
    fanIn = layer.units;
    return { W, b };
  });
}
