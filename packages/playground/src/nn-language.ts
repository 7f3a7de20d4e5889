/**
 * Syntax colouring of `.nn` for CodeMirror: comments, the language's reserved words, the names
 * of activations, losses, initialisers and optimizers, numbers and punctuation. A stream
 * tokenizer is enough for a language this small; the real parser gives the diagnostics.
 */
import { HighlightStyle, StreamLanguage, syntaxHighlighting, type StreamParser } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { ACTIVATIONS, INITIALIZERS, KEYWORD_WORDS, LOSSES, OPTIMIZERS, PRECISIONS } from '@nnc/dsl';

const KEYWORDS = new Set(KEYWORD_WORDS);
const BUILTINS = new Set<string>([...ACTIVATIONS, ...LOSSES, ...INITIALIZERS, ...OPTIMIZERS, ...PRECISIONS, 'l2']);

const parser: StreamParser<null> = {
  name: 'nn',
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match(/^#.*/)) return 'comment';
    if (stream.match(/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/)) return 'number';
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/) as RegExpMatchArray | null;
    if (word !== null) {
      if (KEYWORDS.has(word[0])) return 'keyword';
      if (BUILTINS.has(word[0])) return 'atom';
      return stream.peek() === ':' ? 'propertyName' : 'variableName';
    }
    stream.next();
    return 'punctuation';
  },
};

export const nnLanguage = StreamLanguage.define(parser);

/** Colours with at least 4.5:1 contrast on the editor's white background. */
export const nnHighlighting = syntaxHighlighting(
  HighlightStyle.define([
    { tag: tags.comment, color: '#5b6370', fontStyle: 'italic' },
    { tag: tags.keyword, color: '#7a1fa2', fontWeight: 'bold' },
    { tag: tags.atom, color: '#0b5cad' },
    { tag: tags.number, color: '#a0430a' },
    { tag: tags.propertyName, color: '#116329' },
    { tag: tags.variableName, color: '#1f2328' },
    { tag: tags.punctuation, color: '#57606a' },
  ]),
);
