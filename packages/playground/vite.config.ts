/**
 * The playground is a static site: `vite` serves it while editing, `vite build` writes dist/.
 * The workspace packages are bundled from their TypeScript sources (the `@nnc/source`
 * condition); the few Node modules they import are replaced by the browser shims in
 * src/node-shims (see each file for what works there).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const shim = (name: string) => fileURLToPath(new URL(`./src/node-shims/${name}.ts`, import.meta.url));
const NODE_SHIMS: Record<string, string> = {
  'node:fs': shim('fs'),
  'node:path': shim('path'),
  'node:url': shim('url'),
  'node:crypto': shim('crypto'),
  'node:os': shim('other'),
  'node:v8': shim('other'),
  'node:child_process': shim('other'),
};

export default defineConfig({
  base: './',
  resolve: {
    conditions: ['@nnc/source', 'browser', 'module', 'import', 'default'],
    alias: Object.entries(NODE_SHIMS).map(([find, replacement]) => ({ find: new RegExp(`^${find}$`), replacement })),
  },
  worker: { format: 'es' },
  server: { fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] } },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 16_000 },
});
