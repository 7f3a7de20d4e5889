/**
 * The source text of the NumpyRandom class (@nnc/model numpy-random.ts), without its `export`, for
 * pasting into generated modules. Read from the package's `src/` at emit time, so that it works
 * from the sources and from `dist/` alike (the package publishes `src`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Project } from 'ts-morph';
import { modelSources } from './api-checks-source.js';

let cached: string | null = null;

export function numpyRandomSource(): string {
  if (cached !== null) return cached;
  const path = join(modelSources(), 'numpy-random.ts');
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile('numpy-random.ts', readFileSync(path, 'utf8'));
  const declaration = file.getClassOrThrow('NumpyRandom');
  declaration.setIsExported(false);
  cached = declaration.getText(true);
  return cached;
}
