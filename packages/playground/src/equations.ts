/**
 * The derived equations (`nnc explain`), from @nnc/compiler/explain. Until that module is in
 * this build, the panel says so: import.meta.glob finds the module when it exists and nothing
 * otherwise, so the page builds either way.
 */
import type { ModelIR } from '@nnc/dsl';

type Explain = (model: ModelIR, options?: { format?: 'text' | 'markdown' | 'latex' }) => string;

const found = import.meta.glob<{ explainModel: Explain }>('../../compiler/src/explain/index.ts', { eager: true });
const explainModel: Explain | undefined = Object.values(found)[0]?.explainModel;

export const NOT_AVAILABLE = 'equations: not available in this build';

export function explainEquations(model: ModelIR): string {
  if (explainModel === undefined) return NOT_AVAILABLE;
  try {
    return explainModel(model, { format: 'text' });
  } catch (error) {
    return `equations: ${String(error)}`;
  }
}
