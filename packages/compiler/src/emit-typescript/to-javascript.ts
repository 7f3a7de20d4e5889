/**
 * A generated TypeScript module as plain JavaScript (an ES module, ES2022) and its declarations,
 * for users without a TypeScript toolchain: `nnc compile model.nn -o model.js` writes model.js
 * and model.d.ts beside it. TypeScript's own emitter over an in-memory program (nothing touches
 * the disk), so the output is byte-stable like the module itself; comments, the generated-file
 * header first, are kept.
 */
import { ts, Project } from 'ts-morph';

export interface JavaScriptModule {
  /** The ES module. */
  readonly js: string;
  /** Its declarations (`.d.ts`, or `.d.mts` beside a `.mjs`). */
  readonly dts: string;
}

export function toJavaScript(source: string): JavaScriptModule {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ES2022,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: [],
      strict: true,
      declaration: true,
      removeComments: false,
      newLine: ts.NewLineKind.LineFeed,
      skipLibCheck: true,
    },
  });
  project.createSourceFile('/model.ts', source);
  const syntax = project.getProgram().compilerObject.getSyntacticDiagnostics();
  if (syntax.length > 0) {
    throw new Error(`to-javascript: the generated module has a syntax error: ${ts.flattenDiagnosticMessageText(syntax[0].messageText, '\n')}`);
  }
  const files = project.emitToMemory().getFiles();
  const text = (suffix: string): string => {
    const file = files.find((f) => f.filePath.endsWith(suffix));
    if (file === undefined) throw new Error(`to-javascript: TypeScript emitted no ${suffix}`);
    return file.text;
  };
  // The declarations carry the generated-file header too (the JavaScript keeps it as a comment).
  const header = source.slice(0, source.indexOf('\n') + 1);
  return { js: text('/model.js'), dts: `${header}${text('/model.d.ts')}` };
}
