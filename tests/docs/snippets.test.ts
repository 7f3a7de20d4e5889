/**
 * Docs that run (issue 11, item 7): every fenced snippet of README.md and docs/*.md marked
 * runnable is run, in document order, in one empty temporary folder per document (so a snippet
 * may use the files an earlier one wrote), the way a user in a fresh project would:
 *
 *   ```sh     run by bash -e; `npx nnc` is the built CLI (node_modules/.bin/nnc), and the
 *             repository's examples/ folder is there;
 *   ```ts     type-checked and compiled by tsc with the folder's tsconfig.json (Node 20,
 *             "type": "module", --module nodenext, @types/node: what docs/generated-api.md
 *             states), then run by node;
 *   ```js     run by node as an ES module.
 *
 * `<!-- snippet: skip -->` on the line before a fence opts a runnable block out (the README's
 * set-up commands, which would run the whole suite); `<!-- snippet: file NAME -->` writes the
 * block to NAME instead of running it (a tsconfig.json, a data file). Other fences (text, nn,
 * json without a file marker) are shown, not run.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { snippets, type Snippet } from '../support/markdown-snippets.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNNABLE = new Set(['sh', 'ts', 'js']);

const DEFAULT_TSCONFIG = { compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, types: ['node'], skipLibCheck: true } };

/** An empty project folder: "type": "module", examples/, and node_modules with nnc, typescript and @types/node. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nnc-docs-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
  symlinkSync(join(ROOT, 'packages/cli/bin/nnc.js'), join(dir, 'node_modules/.bin/nnc'));
  symlinkSync(join(ROOT, 'node_modules/typescript'), join(dir, 'node_modules/typescript'));
  symlinkSync(join(ROOT, 'node_modules/@types/node'), join(dir, 'node_modules/@types/node'));
  symlinkSync(join(ROOT, 'node_modules/@nnc'), join(dir, 'node_modules/@nnc'));
  symlinkSync(join(ROOT, 'node_modules/onnxruntime-node'), join(dir, 'node_modules/onnxruntime-node'));
  symlinkSync(join(ROOT, 'node_modules/onnxruntime-common'), join(dir, 'node_modules/onnxruntime-common'));
  return dir;
}

function run(command: string, args: string[], cwd: string): { code: number | null; output: string } {
  const child = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  return { code: child.status, output: `${child.stdout}${child.stderr}` };
}

function runSnippet(snippet: Snippet, dir: string, index: number): { code: number | null; output: string } {
  if (snippet.marker?.kind === 'file') {
    mkdirSync(dirname(join(dir, snippet.marker.name)), { recursive: true });
    writeFileSync(join(dir, snippet.marker.name), `${snippet.code}\n`);
    return { code: 0, output: '' };
  }
  switch (snippet.lang) {
    case 'sh':
      return run('bash', ['-e', '-o', 'pipefail', '-c', snippet.code], dir);
    case 'js': {
      writeFileSync(join(dir, `snippet-${index}.js`), `${snippet.code}\n`);
      return run(process.execPath, [`snippet-${index}.js`], dir);
    }
    default: {
      const name = `snippet-${index}`;
      writeFileSync(join(dir, `${name}.ts`), `${snippet.code}\n`);
      const config = join(dir, 'tsconfig.json');
      try {
        readFileSync(config);
      } catch {
        writeFileSync(config, JSON.stringify(DEFAULT_TSCONFIG, null, 2));
      }
      // Each snippet on its own with the folder's settings (tsconfig files: [this snippet]).
      const own = join(dir, `tsconfig.${name}.json`);
      writeFileSync(own, JSON.stringify({ extends: './tsconfig.json', files: [`${name}.ts`] }));
      const checked = run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', own], dir);
      if (checked.code !== 0) return checked;
      return run(process.execPath, [`${name}.js`], dir);
    }
  }
}

const documents = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

describe('snippets extraction', () => {
  it('finds fences, their language and the marker before them', () => {
    const found = snippets(['# t', '<!-- snippet: skip -->', '```sh', 'rm -rf /', '```', 'text', '<!-- snippet: file a.json -->', '```json', '{}', '```', '```ts', 'const x = 1;', '', 'x;', '```'].join('\n'));
    expect(found).toEqual([
      { lang: 'sh', code: 'rm -rf /', line: 3, marker: { kind: 'skip' } },
      { lang: 'json', code: '{}', line: 8, marker: { kind: 'file', name: 'a.json' } },
      { lang: 'ts', code: 'const x = 1;\n\nx;', line: 11, marker: null },
    ]);
    expect(() => snippets('```sh\nls\n')).toThrow('line 1: a fence that is never closed');
  });
});

describe.each(documents)('the runnable snippets of %s', (document) => {
  const blocks = snippets(readFileSync(join(ROOT, document), 'utf8')).filter(
    (s) => s.marker?.kind === 'file' || (RUNNABLE.has(s.lang) && s.marker?.kind !== 'skip'),
  );
  it.runIf(blocks.length > 0)(`run, in order, in an empty folder (${blocks.length} blocks)`, () => {
    const dir = project();
    try {
      blocks.forEach((snippet, index) => {
        const result = runSnippet(snippet, dir, index);
        expect(result.code, `${document}:${snippet.line} (${snippet.lang}) failed:\n${snippet.code}\n--- output:\n${result.output}`).toBe(0);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
