/**
 * The source text of the API checks (../api-checks.ts) for pasting into generated modules: every
 * declaration but the type imports, without `export`, so that one text checks the arguments of
 * every backend.
 */
import { pastedDeclarations } from './pasted-source.js';

export function apiChecksSource(): string {
  return `${pastedDeclarations('api-checks.ts').map((d) => d.text).join('\n\n')}\n`;
}
