/**
 * `@nnc/compiler/explain` runs in a web page: everything it imports, followed file by file, must
 * be our own code or the dependency-free model IR of @nnc/dsl, never node: modules, the parser,
 * ts-morph or wabt.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const IMPORT = /^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm;

it('imports nothing but its own modules and @nnc/dsl/ir', () => {
  const start = fileURLToPath(new URL('./index.ts', import.meta.url));
  const seen = new Set<string>();
  const external = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (specifier.startsWith('.')) stack.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else external.add(specifier);
    }
  }
  expect([...external]).toEqual(['@nnc/dsl/ir']);
  // The pipeline's passes are among them: the equations come from the compiler's graph.
  expect([...seen].some((f) => f.endsWith('passes/simplify.ts'))).toBe(true);
});
