/**
 * The `.nn` editor: CodeMirror 6 with the language's colours, and nnc's own diagnostics pushed in
 * after every change (squiggle at the span; message and help on hover, and in the panel that
 * Ctrl-Shift-M / Cmd-Shift-M opens). Tab is not bound, so it moves the focus on like anywhere
 * else on the page: the page stays keyboard operable.
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, indentOnInput } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic as EditorDiagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import type { Diagnostic } from '@nnc/dsl';
import { nnHighlighting, nnLanguage } from './nn-language.js';

export interface NnEditor {
  readonly view: EditorView;
  text(): string;
  setText(text: string): void;
  showDiagnostics(diagnostics: readonly Diagnostic[]): void;
}

export function createEditor(parent: HTMLElement, text: string, onChange: (text: string) => void): NnEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        nnLanguage,
        nnHighlighting,
        lintGutter(),
        keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap]),
        EditorView.contentAttributes.of({ 'aria-label': '.nn model source', 'aria-describedby': 'diagnostics' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText(next) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
    },
    showDiagnostics(diagnostics) {
      const length = view.state.doc.length;
      const marks: EditorDiagnostic[] = diagnostics.map((d) => {
        const from = Math.min(d.span.startOffset, length);
        return {
          from,
          to: Math.max(from, Math.min(d.span.endOffset, length)),
          severity: d.severity,
          source: d.code,
          message: d.hint !== undefined ? `${d.message}\nhelp: ${d.hint}` : d.message,
        };
      });
      view.dispatch(setDiagnostics(view.state, marks));
    },
  };
}
