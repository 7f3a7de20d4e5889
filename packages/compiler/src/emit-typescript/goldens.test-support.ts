/**
 * Test support: comparing generated text with a checked-in golden file. A missing golden is a
 * failure (a fresh clone must not pass by writing what it generates and comparing it with itself);
 * `update` (UPDATE_GOLDENS=1) writes the golden instead of comparing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type GoldenResult = { readonly kind: 'written' } | { readonly kind: 'missing' } | { readonly kind: 'compared'; readonly golden: string };

export function checkGolden(path: string, generated: string, update: boolean): GoldenResult {
  if (update) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, generated);
    return { kind: 'written' };
  }
  if (!existsSync(path)) return { kind: 'missing' };
  return { kind: 'compared', golden: readFileSync(path, 'utf8') };
}
