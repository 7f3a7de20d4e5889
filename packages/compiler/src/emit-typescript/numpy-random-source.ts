/**
 * The source text of the NumpyRandom class (../numpy-random.ts), without its `export`, for
 * pasting into generated modules.
 */
import { pastedDeclarations } from './pasted-source.js';

export function numpyRandomSource(): string {
  const declaration = pastedDeclarations('numpy-random.ts').find((d) => d.name === 'NumpyRandom');
  if (declaration === undefined) throw new Error('internal: numpy-random.ts declares no NumpyRandom class');
  return declaration.text;
}
