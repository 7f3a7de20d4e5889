/**
 * The in-memory ts-morph source file every generated TypeScript module is written into, with the
 * one formatting both emitters use (two spaces, LF, single quotes), so their output is alike.
 */
import { IndentationText, NewLineKind, Project, QuoteKind, type SourceFile } from 'ts-morph';

export function generatedSourceFile(): SourceFile {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Single,
    },
  });
  return project.createSourceFile('model.ts', '');
}
