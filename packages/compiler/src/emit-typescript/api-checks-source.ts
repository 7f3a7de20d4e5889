/**
 * The source text of the API checks (api-checks.ts of @nnc/model) and of the parameters-file
 * handling (weights-file.ts) for pasting into generated modules: every declaration but the
 * imports, without `export`, so that one text checks the arguments of every backend.
 */
import { pastedDeclarations } from './pasted-source.js';

export function apiChecksSource(): string {
  return `${pastedDeclarations('api-checks.ts', 'model').map((d) => d.text).join('\n\n')}\n`;
}

export function weightsFileSource(): string {
  return `${pastedDeclarations('weights-file.ts', 'model').map((d) => d.text).join('\n\n')}\n`;
}
