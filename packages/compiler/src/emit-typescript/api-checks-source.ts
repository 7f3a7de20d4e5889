/**
 * The source text of the API checks (../api-checks.ts) for pasting into generated modules: every
 * declaration but the type imports, without `export`. Read from the package's `src/` at emit
 * time, as numpy-random-source.ts does, so that one text checks the arguments of every backend.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Node, Project } from 'ts-morph';

let cached: string | null = null;

export function apiChecksSource(): string {
  if (cached !== null) return cached;
  const path = fileURLToPath(new URL('../../src/api-checks.ts', import.meta.url));
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile('api-checks.ts', readFileSync(path, 'utf8'));
  const declarations = file.getStatements().filter((statement) => !Node.isImportDeclaration(statement));
  const texts = declarations.map((declaration) => {
    if (Node.isExportable(declaration)) declaration.setIsExported(false);
    return declaration.getText(true);
  });
  cached = `${texts.join('\n\n')}\n`;
  return cached;
}
