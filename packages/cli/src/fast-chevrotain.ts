/**
 * Start-up: chevrotain's package entry (`lib/src/api.js`) imports lodash-es one function a file,
 * and Node spends most of a second resolving those few hundred modules (measured 590-860 ms on the
 * development machine, against 35-80 ms for the single-file bundle, `lib/chevrotain.mjs`, that the
 * same package ships with the same code). The CLI's entry point registers a resolve hook
 * (chevrotain-bundle-hook.ts) before it loads a command that parses, so that `chevrotain`
 * resolves to that bundle. Only the `nnc` process is affected: libraries, tests and browsers
 * import chevrotain as usual.
 */
import { register } from 'node:module';

export function useChevrotainBundle(): void {
  register(new URL('./chevrotain-bundle-hook.js', import.meta.url));
}
