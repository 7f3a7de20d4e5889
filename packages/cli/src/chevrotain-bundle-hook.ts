/**
 * A module resolve hook (run by Node's loader, registered by fast-chevrotain.ts): `chevrotain`
 * resolves to the single-file bundle beside the package's entry (`lib/chevrotain.mjs` for
 * `lib/src/api.js`). Where there is no such file (another chevrotain layout), the usual
 * resolution stands.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

interface ResolveContext {
  readonly parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<unknown>;

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<unknown> {
  if (specifier !== 'chevrotain' || context.parentURL === undefined) return next(specifier, context);
  const bundle = bundleFor(context.parentURL);
  return bundle === null ? next(specifier, context) : { url: bundle, format: 'module', shortCircuit: true };
}

const found = new Map<string, string | null>();

function bundleFor(parentURL: string): string | null {
  let entry: string;
  try {
    entry = createRequire(parentURL).resolve('chevrotain');
  } catch {
    return null;
  }
  if (!found.has(entry)) {
    const candidate = entry.replace(/src[\\/]api\.js$/, 'chevrotain.mjs');
    found.set(entry, candidate !== entry && existsSync(candidate) ? pathToFileURL(candidate).href : null);
  }
  return found.get(entry) ?? null;
}
