/**
 * The derived equations (`nnc explain`): explainModel from @nnc/compiler/explain, read from the
 * compiler's own graph (forward pass, cost, backward pass, update), in text with shapes.
 */
import { explainModel, type ExplainFormat } from '@nnc/compiler/explain';
import type { ModelIR } from '@nnc/dsl';

/** Text with shapes (what `nnc explain` prints), or the Markdown or LaTeX source to copy. */
export function explainEquations(model: ModelIR, format: ExplainFormat = 'text'): string {
  try {
    return explainModel(model, { format });
  } catch (error) {
    // explainModel is pure and takes any checked model; a throw is a bug, shown rather than hidden.
    return `equations: internal error: ${String(error)}`;
  }
}
