/** Standard base64 (with padding) of bytes or of a string's UTF-8, with `btoa` (Node and browsers alike, no Buffer). */
export function base64(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
