/**
 * The source text of the API checks (../api-checks.ts) and of the parameters-file handling
 * (../weights-file.ts) for pasting into generated modules: every declaration but the imports,
 * without `export`. Read from the package's `src/` at emit time, as numpy-random-source.ts does,
 * so that one text checks the arguments of every backend.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Node, Project } from 'ts-morph';

const cached = new Map<string, string>();

function pastedSource(name: string): string {
  const known = cached.get(name);
  if (known !== undefined) return known;
  const path = fileURLToPath(new URL(`../../src/${name}`, import.meta.url));
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile(name, readFileSync(path, 'utf8'));
  const declarations = file.getStatements().filter((statement) => !Node.isImportDeclaration(statement));
  const texts = declarations.map((declaration) => {
    if (Node.isExportable(declaration)) declaration.setIsExported(false);
    return declaration.getText(true);
  });
  const text = `${texts.join('\n\n')}\n`;
  cached.set(name, text);
  return text;
}

export function apiChecksSource(): string {
  return pastedSource('api-checks.ts');
}

export function weightsFileSource(): string {
  return pastedSource('weights-file.ts');
}
