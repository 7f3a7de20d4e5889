// `node:os`, `node:v8` and `node:child_process` for the page: what the packages name, throwing if used.
function unavailable(name: string): () => never {
  return () => {
    throw new Error(`${name} is not available in the playground`);
  };
}
export const freemem = (): number => 2 ** 31;
export const tmpdir = (): string => '/tmp';
export const cpus = (): unknown[] => [];
export const setFlagsFromString = unavailable('v8.setFlagsFromString');
export const execFileSync = unavailable('child_process.execFileSync');
export default { freemem, tmpdir, cpus, setFlagsFromString, execFileSync };
