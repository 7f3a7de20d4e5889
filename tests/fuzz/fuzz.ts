/**
 * The fuzzers' settings: a seed that changes with every run (printed, so that a failure can be
 * replayed: FUZZ_SEED=<seed> npm test, or `npx vitest run --root tests fuzz` for the fuzzers
 * alone) and a time budget per property (FUZZ_MS, default 4 s), so that CI time stays bounded
 * however fast the machine is. A failing case is shrunk and printed by fast-check.
 */
import fc from 'fast-check';
import { expect } from 'vitest';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
export const FUZZ_MS = Number(process.env.FUZZ_MS ?? 4000);

let announced = false;

const settings = { seed: FUZZ_SEED, numRuns: 1_000_000, interruptAfterTimeLimit: FUZZ_MS, markInterruptAsFailure: false };

function announce(): void {
  if (!announced) {
    console.log(`fuzz seed ${FUZZ_SEED}, ${FUZZ_MS} ms per property (rerun with FUZZ_SEED=${FUZZ_SEED})`);
    announced = true;
  }
}

function report<Ts>(details: fc.RunDetails<Ts>): void {
  if (details.failed) throw new Error(fc.defaultReportMessage(details));
  // The number of cases tried is what docs/robustness.md reports.
  console.log(`${expect.getState().currentTestName}: ${details.numRuns} cases`);
}

/** Runs `property` for FUZZ_MS with FUZZ_SEED (as many cases as fit in the time), printing how many ran. */
export function fuzz<Ts>(property: fc.IProperty<Ts>): void {
  announce();
  report(fc.check(property, settings));
}

/** fuzz() for a property whose cases await something (fc.asyncProperty). */
export async function fuzzAsync<Ts>(property: fc.IAsyncProperty<Ts>): Promise<void> {
  announce();
  report(await fc.check(property, settings));
}

/** Test timeout for one fuzzed property: its budget plus shrinking and start-up. */
export const FUZZ_TIMEOUT = FUZZ_MS * 4 + 30_000;

/** `text` with up to `edits` random edits: characters inserted, deleted or replaced. */
export function mutated(text: string, alphabet: fc.Arbitrary<string>, edits = 4): fc.Arbitrary<string> {
  const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('insert', 'delete', 'replace'), piece: alphabet });
  return fc.array(edit, { maxLength: edits }).map((list) =>
    list.reduce((current, { at, kind, piece }) => {
      const k = current.length === 0 ? 0 : at % (current.length + 1);
      if (kind === 'insert') return current.slice(0, k) + piece + current.slice(k);
      if (kind === 'delete') return current.slice(0, k) + current.slice(k + 1 + (piece.length % 8));
      return current.slice(0, k) + piece + current.slice(k + piece.length);
    }, text),
  );
}
