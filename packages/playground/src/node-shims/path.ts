// `node:path` for the page: POSIX paths, the few functions the packages use.
export function basename(path: string, ext?: string): string {
  const name = path.replace(/\/+$/, '').split('/').pop() ?? '';
  return ext !== undefined && name.endsWith(ext) ? name.slice(0, -ext.length) : name;
}
export function dirname(path: string): string {
  const at = path.replace(/\/+$/, '').lastIndexOf('/');
  return at < 0 ? '.' : at === 0 ? '/' : path.slice(0, at);
}
export function extname(path: string): string {
  const name = basename(path);
  const at = name.lastIndexOf('.');
  return at <= 0 ? '' : name.slice(at);
}
export function join(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/').replace(/\/+/g, '/');
}
export function resolve(...parts: string[]): string {
  return join(...parts);
}
export function relative(_from: string, to: string): string {
  return to;
}
export const sep = '/';
export default { basename, dirname, extname, join, resolve, relative, sep };
