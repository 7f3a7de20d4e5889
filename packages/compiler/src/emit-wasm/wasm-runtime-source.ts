/**
 * The source text of ../wasm-runtime.ts without its exports and file header, for pasting into
 * generated WebAssembly modules (like numpy-random-source.ts: read from the package's `src/`
 * at emit time, so that it works from the sources and from `dist/` alike).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Node, Project } from 'ts-morph';

let cached: string | null = null;

export function wasmRuntimeSource(): string {
  if (cached !== null) return cached;
  const path = fileURLToPath(new URL('../../src/wasm-runtime.ts', import.meta.url));
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile('wasm-runtime.ts', readFileSync(path, 'utf8'));
  const parts: string[] = [];
  for (const statement of file.getStatements()) {
    if (Node.isExportable(statement) && statement.isExported()) statement.setIsExported(false);
    parts.push(statement.getText(true));
  }
  cached = parts.join('\n\n');
  return cached;
}
