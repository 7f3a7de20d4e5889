/**
 * The tokens of the `.nn` language, in the order the lexer tries them.
 *
 * Keywords carry `longer_alt: Identifier`, so `dense` is a keyword but `densely` is a name. The
 * values a statement takes (activations, losses, initialisers, optimisers, precisions, parameter
 * names) are plain identifiers: `dense 4 sigmod` lexes and parses, and the checker answers with
 * "unknown activation 'sigmod', did you mean 'sigmoid'?" instead of a lexer error.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** Spaces and line breaks; also the byte-order mark some editors put at the start of a file. */
export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\uFEFF]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

/** `#` to the end of the line. */
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: Lexer.SKIPPED });

/**
 * The category of every token but '}': what an unknown statement may swallow up to the end of
 * its line, so that a broken line never derails the lines after it.
 */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA });

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: 'a name',
  categories: [AnyToken],
});

/**
 * Integers, decimals and exponents; the sign belongs to the number so `-0.1` is a value to check.
 * Letters straight after the digits belong to the token too, so that `0x10` or `4k` is one value
 * that is not a decimal number (cst-to-ast.ts gives it NaN), not `0` followed by a name.
 */
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:[A-Za-z_][A-Za-z0-9_]*)?/,
  label: 'a number',
  categories: [AnyToken],
});

function punctuation(name: string, text: string): TokenType {
  return createToken({ name, pattern: text, label: `'${text}'`, categories: name === 'RCurly' ? [] : [AnyToken] });
}

export const LCurly = punctuation('LCurly', '{');
export const RCurly = punctuation('RCurly', '}');
export const LParen = punctuation('LParen', '(');
export const RParen = punctuation('RParen', ')');
export const Comma = punctuation('Comma', ',');
export const Colon = punctuation('Colon', ':');

function keyword(word: string): TokenType {
  return createToken({
    name: `Keyword_${word}`,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    label: `'${word}'`,
    categories: [AnyToken],
  });
}

export const Model = keyword('model');
export const Input = keyword('input');
export const Dense = keyword('dense');
export const Loss = keyword('loss');
export const Init = keyword('init');
export const Seed = keyword('seed');
export const Optimizer = keyword('optimizer');
export const Regularization = keyword('regularization');
export const Train = keyword('train');
export const Precision = keyword('precision');
export const Iterations = keyword('iterations');
export const Epochs = keyword('epochs');
export const Batch = keyword('batch');
export const Full = keyword('full');
export const ShuffleSeed = keyword('shuffle_seed');
export const ReportEvery = keyword('report_every');

export const KEYWORDS: readonly TokenType[] = [
  Model,
  Input,
  Dense,
  Loss,
  Init,
  Seed,
  Optimizer,
  Regularization,
  Train,
  Precision,
  Iterations,
  Epochs,
  Batch,
  Full,
  ShuffleSeed,
  ReportEvery,
];

export const ALL_TOKENS: readonly TokenType[] = [
  AnyToken,
  WhiteSpace,
  Comment,
  ...KEYWORDS,
  Identifier,
  NumberLiteral,
  LCurly,
  RCurly,
  LParen,
  RParen,
  Comma,
  Colon,
];

export const nnLexer = new Lexer([...ALL_TOKENS], { positionTracking: 'full', ensureOptimizations: false });
