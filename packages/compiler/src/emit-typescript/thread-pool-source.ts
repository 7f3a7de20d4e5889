/**
 * The source text of ../worker-threads.ts and ../ts-threads.ts without their exports and
 * imports, for pasting into generated TypeScript modules.
 */
import { pastedDeclarations } from './pasted-source.js';

export function threadPoolSource(): string {
  return [...pastedDeclarations('worker-threads.ts'), ...pastedDeclarations('ts-threads.ts')].map((d) => d.text).join('\n\n');
}
