/**
 * The source text of the API checks (@nnc/model api-checks.ts) and of the parameters-file handling
 * (weights-file.ts) for pasting into generated modules: every declaration but the imports,
 * without `export`. Read from the package's `src/` at emit time, as numpy-random-source.ts does,
 * so that one text checks the arguments of every backend.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Node, Project } from 'ts-morph';

const cached = new Map<string, string>();

/** The `src/` folder of @nnc/model (it publishes its sources for this). */
export function modelSources(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@nnc/model/package.json')), 'src');
}

function pastedSource(name: string): string {
  const known = cached.get(name);
  if (known !== undefined) return known;
  const path = join(modelSources(), name);
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
