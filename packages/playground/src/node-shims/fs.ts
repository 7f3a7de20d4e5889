/**
 * `node:fs` for the page. The compiler reads a few of its own source files at emit time (the
 * NumpyRandom class, the API checks and the wasm runtime it pastes into generated modules) and
 * its package.json for the version; ../compiler-files.ts bundles those as text and registers
 * them on globalThis (the dev server pre-bundles this module into its copy of ts-morph, apart
 * from the page's own modules, and a `?raw` import cannot be pre-bundled). Everything else
 * throws: nothing in the page touches a file system.
 */
const REGISTRY = '__nncPlaygroundFiles';

function files(): Readonly<Record<string, string>> {
  return (globalThis as Record<string, unknown>)[REGISTRY] as Record<string, string> | undefined ?? {};
}

function fileName(path: string | URL): string {
  const name = (typeof path === 'string' ? path : path.pathname).split('/').pop() ?? '';
  return name.replace(/-[\w-]{8}(\.\w+)$/, '$1');
}

/** A `data:` URL's text: the bundler inlines small files (package.json) that way. */
function dataText(path: string | URL): string | undefined {
  const url = String(path);
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  const body = url.slice(comma + 1);
  if (!url.slice(0, comma).endsWith(';base64')) return decodeURIComponent(body);
  return new TextDecoder().decode(Uint8Array.from(atob(body), (c) => c.charCodeAt(0)));
}

export function readFileSync(path: string | URL): string {
  const text = dataText(path) ?? files()[fileName(path)];
  if (text === undefined) throw new Error(`${String(path)}: there are no files in the playground`);
  return text;
}

export function existsSync(path: string | URL): boolean {
  return files()[fileName(path)] !== undefined;
}

function unavailable(name: string): () => never {
  return () => {
    throw new Error(`fs.${name} is not available in the playground`);
  };
}

export const constants = { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1 };
export const accessSync = unavailable('accessSync');
export const closeSync = unavailable('closeSync');
export const fstatSync = unavailable('fstatSync');
export const fsyncSync = unavailable('fsyncSync');
export const lstatSync = unavailable('lstatSync');
export const mkdirSync = unavailable('mkdirSync');
export const mkdtempSync = unavailable('mkdtempSync');
export const openSync = unavailable('openSync');
export const readdirSync = unavailable('readdirSync');
export const readlinkSync = unavailable('readlinkSync');
export const readSync = unavailable('readSync');
export const realpathSync = unavailable('realpathSync');
export const renameSync = unavailable('renameSync');
export const rmSync = unavailable('rmSync');
export const statSync = unavailable('statSync');
export const symlinkSync = unavailable('symlinkSync');
export const writeFileSync = unavailable('writeFileSync');
export const writeSync = unavailable('writeSync');
export type Stats = never;
export default { readFileSync, existsSync };
