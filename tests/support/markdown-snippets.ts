/**
 * The fenced blocks of a Markdown document, for running the docs (tests/docs/snippets.test.ts)
 * and for reading files the docs show (tests/onnx/triton-config.test.ts). A comment on the line
 * before a fence marks it: `<!-- snippet: skip -->` (not run) or `<!-- snippet: file NAME -->`
 * (written to NAME rather than run).
 */
export interface Snippet {
  readonly lang: string;
  readonly code: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly marker: { readonly kind: 'skip' } | { readonly kind: 'file'; readonly name: string } | null;
}

/** The fenced blocks of a Markdown text, with the marker comment on the line before each. */
export function snippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const found: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (open === null) continue;
    const end = lines.findIndex((line, k) => k > i && /^```\s*$/.test(line));
    if (end === -1) throw new Error(`line ${i + 1}: a fence that is never closed`);
    const previous = i > 0 ? lines[i - 1].trim() : '';
    const comment = /^<!-- snippet: (skip|file (\S+)) -->$/.exec(previous);
    const marker = comment === null ? null : comment[1] === 'skip' ? { kind: 'skip' as const } : { kind: 'file' as const, name: comment[2] };
    found.push({ lang: open[1], code: lines.slice(i + 1, end).join('\n'), line: i + 1, marker });
    i = end;
  }
  return found;
}

/** The block marked `<!-- snippet: file NAME -->`. */
export function fileSnippet(markdown: string, name: string): string {
  const found = snippets(markdown).find((s) => s.marker?.kind === 'file' && s.marker.name === name);
  if (found === undefined) throw new Error(`no block marked as file ${name}`);
  return found.code;
}
