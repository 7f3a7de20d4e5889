/**
 * The derived equations (`nnc explain`): explainModel from @nnc/compiler/explain, read from the
 * compiler's own graph (forward pass, cost, backward pass, update), in text with shapes.
 */
import { explainModel } from '@nnc/compiler/explain';
import type { ModelIR } from '@nnc/dsl';

export function explainEquations(model: ModelIR): string {
  try {
    return explainModel(model, { format: 'text' });
  } catch (error) {
    // explainModel is pure and takes any checked model; a throw is a bug, shown rather than hidden.
    return `equations: internal error: ${String(error)}`;
  }
}
