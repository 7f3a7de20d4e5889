// `node:url` for the page: file URLs become their path (the fs shim looks files up by path).
export function fileURLToPath(url: string | URL): string {
  return typeof url === 'string' ? new URL(url).pathname : url.pathname;
}
export function pathToFileURL(path: string): URL {
  return new URL(`file://${path}`);
}
export default { fileURLToPath, pathToFileURL };
