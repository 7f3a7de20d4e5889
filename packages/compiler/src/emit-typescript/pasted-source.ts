/**
 * Declarations of this package's own source files, as text for pasting into generated modules
 * (the numpy-compatible random stream, the API checks, the WebAssembly runtime): each statement
 * with its doc comment, `export` taken out, import declarations left out. Read from the package's
 * `src/` at emit time, so that it works from the sources and from `dist/` alike (the package
 * publishes `src`), and parsed only (no ts-morph manipulation: each of those re-parses the whole
 * file, which made the first WebAssembly emit take seconds).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ts } from 'ts-morph';

const cache = new Map<string, readonly PastedDeclaration[]>();

export interface PastedDeclaration {
  /** The declared name ('' for statements without one). */
  readonly name: string;
  readonly text: string;
}

/** The declarations of `src/<file>` (a path relative to the package's src folder). */
export function pastedDeclarations(file: string): readonly PastedDeclaration[] {
  const cached = cache.get(file);
  if (cached !== undefined) return cached;
  const path = fileURLToPath(new URL(`../../src/${file}`, import.meta.url));
  const source = ts.createSourceFile(file, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const declarations = source.statements
    .filter((statement) => !ts.isImportDeclaration(statement))
    .map((statement) => ({ name: declaredName(statement), text: withoutExport(statement, source) }));
  cache.set(file, declarations);
  return declarations;
}

function declaredName(statement: ts.Statement): string {
  const named = statement as ts.Statement & { name?: ts.Node };
  if (named.name !== undefined && ts.isIdentifier(named.name)) return named.name.text;
  if (ts.isVariableStatement(statement)) {
    const first = statement.declarationList.declarations[0]?.name;
    if (first !== undefined && ts.isIdentifier(first)) return first.text;
  }
  return '';
}

function withoutExport(statement: ts.Statement, source: ts.SourceFile): string {
  const start = statement.getStart(source, true);
  const text = source.text.slice(start, statement.end);
  const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
  const keyword = modifiers.find((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
  if (keyword === undefined) return text;
  const from = keyword.getStart(source) - start;
  let to = keyword.end - start;
  while (to < text.length && (text[to] === ' ' || text[to] === '\n')) to++;
  return text.slice(0, from) + text.slice(to);
}
