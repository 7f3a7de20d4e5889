/**
 * The playground is a static site: `vite` serves it while editing, `vite build` writes dist/.
 * The workspace packages are bundled from their TypeScript sources (the `@nnc/source`
 * condition); the few Node modules they import are replaced by the browser shims in
 * src/node-shims (see each file for what works there).
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

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

/**
 * The packages name their own files with `new URL(path, import.meta.url)` and read them with
 * node:fs at emit time. Left alone, Vite would copy each such file as an asset (or inline it as
 * a data: URL) and, for a path built with a template, look it up under the wrong key; here the
 * URL is made a file: URL of the source (from the repository root) instead, which the fs shim
 * looks up by file name.
 */
function packageFileUrls(): Plugin {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const packages = fileURLToPath(new URL('..', import.meta.url));
  const own = fileURLToPath(new URL('.', import.meta.url));
  return {
    name: 'nnc-package-file-urls',
    enforce: 'pre',
    transform(code, id) {
      if (!id.startsWith(packages) || id.startsWith(own) || !id.endsWith('.ts')) return null;
      // The path from the repository root: the bundle names no folder of the machine that built it.
      const base = JSON.stringify(`file:///nnc/${relative(root, id)}`);
      const out = code.replace(/new URL\((`[^`]*`|'[^']*'), import\.meta\.url\)/g, (_, path: string) => `new URL(${path}, ${base})`);
      return out === code ? null : { code: out, map: null };
    },
  };
}

export default defineConfig({
  plugins: [packageFileUrls()],
  base: './',
  resolve: {
    conditions: ['@nnc/source', 'browser', 'module', 'import', 'default'],
    alias: Object.entries(NODE_SHIMS).map(([find, replacement]) => ({ find: new RegExp(`^${find}$`), replacement })),
  },
  worker: { format: 'es' },
  server: { fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] } },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // One chunk of about 8.7 MB, most of it TypeScript (ts-morph's emitter needs it); see README.
    chunkSizeWarningLimit: 16_000,
    rolldownOptions: {
      checks: { pluginTimings: false },
      onwarn(warning, warn) {
        // The shims are imported both ways (statically by ts-morph, lazily by the runtimes' Node paths): expected.
        if (warning.code === 'INEFFECTIVE_DYNAMIC_IMPORT') return;
        warn(warning);
      },
    },
  },
});
