/**
 * The grammar of `.nn`, as a Chevrotain CST parser. It gives no meaning to anything: which
 * activations exist, which parameters an optimizer takes, which values are allowed, is the
 * checker's business (check.ts). Error recovery is on, so one run reports every syntax error.
 *
 *   file        := model+
 *   model       := 'model' NAME '{' statement* '}'
 *   statement   := 'input' NUMBER
 *                | 'dense' NUMBER call ('init' call)?     (the init on the same line)
 *                | 'loss' NAME
 *                | 'init' call ('seed' NUMBER)?
 *                | 'seed' NUMBER
 *                | 'optimizer' call
 *                | 'regularization' call
 *                | 'train' trainOption+
 *                | 'precision' NAME
 *                | (NAME | stray token) any*            (unknown setting: the rest of its line)
 *   trainOption := ('iterations' | 'epochs' | 'shuffle_seed' | 'report_every') NUMBER
 *                | 'batch' (NUMBER | 'full')?
 *                | NAME value?                          (unknown option, on the same line)
 *   call        := NAME ('(' (argument (',' argument)*)? ')')?
 *   argument    := NUMBER | NAME (':'? (NUMBER | NAME))?
 *   value       := NUMBER | call
 */
import { CstParser, EOF, type CstNode, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import * as t from './tokens.js';

export class NnParser extends CstParser {
  constructor() {
    super([...t.ALL_TOKENS], { recoveryEnabled: true, errorMessageProvider, maxLookahead: 3 });
    // Chevrotain's in-repetition recovery re-enters the repetition recursively once per error
    // (recoverable.js, tryInRepetitionRecovery), so thousands of errors overflow the stack. Without
    // it, an error inside a repetition is recovered by re-syncing after the rule, which does not
    // recurse. (An internal hook, not in the typings: Chevrotain installs it when recovery is on.)
    Object.assign(this, { attemptInRepetitionRecovery: () => undefined });
    this.performSelfAnalysis();
  }

  /** The next token starts on the line where the previous one ended. */
  private onSameLine(): boolean {
    return this.LA(1).startLine === this.LA(0).endLine;
  }

  public file = this.RULE('file', () => {
    this.AT_LEAST_ONE(() => this.SUBRULE(this.model));
  });

  public model = this.RULE('model', () => {
    this.CONSUME(t.Model);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.LCurly);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(t.RCurly);
  });

  public statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.inputStatement) },
      { ALT: () => this.SUBRULE(this.denseStatement) },
      { ALT: () => this.SUBRULE(this.lossStatement) },
      { ALT: () => this.SUBRULE(this.initStatement) },
      { ALT: () => this.SUBRULE(this.seedStatement) },
      { ALT: () => this.SUBRULE(this.optimizerStatement) },
      { ALT: () => this.SUBRULE(this.regularizationStatement) },
      { ALT: () => this.SUBRULE(this.trainStatement) },
      { ALT: () => this.SUBRULE(this.precisionStatement) },
      { ALT: () => this.SUBRULE(this.unknownStatement) },
    ]);
  });

  public inputStatement = this.RULE('inputStatement', () => {
    this.CONSUME(t.Input);
    this.CONSUME(t.NumberLiteral);
  });

  public denseStatement = this.RULE('denseStatement', () => {
    this.CONSUME(t.Dense);
    this.CONSUME(t.NumberLiteral);
    this.SUBRULE(this.call, { LABEL: 'activation' });
    // `init` on the next line is the model-wide init statement, not this layer's override.
    this.OPTION({
      GATE: () => this.onSameLine(),
      DEF: () => {
        this.CONSUME(t.Init);
        this.SUBRULE2(this.call, { LABEL: 'init' });
      },
    });
  });

  public lossStatement = this.RULE('lossStatement', () => {
    this.CONSUME(t.Loss);
    this.CONSUME(t.Identifier);
  });

  public initStatement = this.RULE('initStatement', () => {
    this.CONSUME(t.Init);
    this.SUBRULE(this.call);
    this.OPTION(() => {
      this.CONSUME(t.Seed);
      this.CONSUME(t.NumberLiteral);
    });
  });

  public seedStatement = this.RULE('seedStatement', () => {
    this.CONSUME(t.Seed);
    this.CONSUME(t.NumberLiteral);
  });

  public optimizerStatement = this.RULE('optimizerStatement', () => {
    this.CONSUME(t.Optimizer);
    this.SUBRULE(this.call);
  });

  public regularizationStatement = this.RULE('regularizationStatement', () => {
    this.CONSUME(t.Regularization);
    this.SUBRULE(this.call);
  });

  public trainStatement = this.RULE('trainStatement', () => {
    this.CONSUME(t.Train);
    this.AT_LEAST_ONE({
      // An unknown option must sit on the line it belongs to; a name on a later line is the
      // next (unknown) statement.
      GATE: () => this.LA(1).tokenType !== t.Identifier || this.onSameLine(),
      DEF: () => this.SUBRULE(this.trainOption),
    });
  });

  public trainOption = this.RULE('trainOption', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(t.Iterations) },
            { ALT: () => this.CONSUME(t.Epochs) },
            { ALT: () => this.CONSUME(t.ShuffleSeed) },
            { ALT: () => this.CONSUME(t.ReportEvery) },
          ]);
          this.CONSUME(t.NumberLiteral);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Batch);
          // Optional here so that a bare `batch` gets a clear message from the checker.
          this.OPTION2(() => this.OR3([{ ALT: () => this.CONSUME2(t.NumberLiteral) }, { ALT: () => this.CONSUME(t.Full) }]));
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Identifier);
          this.OPTION({ GATE: () => this.onSameLine(), DEF: () => this.SUBRULE(this.value) });
        },
      },
    ]);
  });

  public precisionStatement = this.RULE('precisionStatement', () => {
    this.CONSUME(t.Precision);
    this.CONSUME(t.Identifier);
  });

  public unknownStatement = this.RULE('unknownStatement', () => {
    // Anything but a keyword or '}' starts one; it takes the rest of its line, so the next line
    // parses cleanly and the model body never needs Chevrotain's in-repetition recovery.
    this.OR([
      { ALT: () => this.CONSUME(t.Identifier) },
      { ALT: () => this.CONSUME(t.NumberLiteral, { LABEL: 'stray' }) },
      { ALT: () => this.CONSUME(t.LParen, { LABEL: 'stray' }) },
      { ALT: () => this.CONSUME(t.RParen, { LABEL: 'stray' }) },
      { ALT: () => this.CONSUME(t.Comma, { LABEL: 'stray' }) },
      { ALT: () => this.CONSUME(t.Colon, { LABEL: 'stray' }) },
      { ALT: () => this.CONSUME(t.LCurly, { LABEL: 'stray' }) },
    ]);
    this.MANY({ GATE: () => this.onSameLine(), DEF: () => this.CONSUME(t.AnyToken) });
  });

  public call = this.RULE('call', () => {
    this.CONSUME(t.Identifier);
    this.OPTION(() => {
      this.CONSUME(t.LParen);
      this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.argument) });
      this.CONSUME(t.RParen);
    });
  });

  public argument = this.RULE('argument', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.NumberLiteral) },
      {
        ALT: () => {
          this.CONSUME(t.Identifier, { LABEL: 'parameter' });
          // `name value` without the colon parses too; the checker asks for the ':'.
          this.OPTION(() => {
            this.OPTION2(() => this.CONSUME(t.Colon));
            this.OR2([
              { ALT: () => this.CONSUME2(t.NumberLiteral) },
              { ALT: () => this.CONSUME2(t.Identifier, { LABEL: 'name' }) },
            ]);
          });
        },
      },
    ]);
  });

  public value = this.RULE('value', () => {
    this.OR([{ ALT: () => this.CONSUME(t.NumberLiteral) }, { ALT: () => this.SUBRULE(this.call) }]);
  });
}

/** One parser for the process: building it (grammar analysis) costs milliseconds, parsing reuses it. */
let sharedParser: NnParser | null = null;

export interface ParseResult {
  readonly cst: CstNode;
  readonly errors: readonly ParseError[];
}

export interface ParseError {
  readonly message: string;
  /** Where the parser was: the token it found. */
  readonly token: IToken;
  readonly previous: IToken | null;
  /** The parser was missing something (rather than finding something wrong). */
  readonly missing: boolean;
}

export function parseTokens(tokens: IToken[]): ParseResult {
  sharedParser ??= new NnParser();
  const parser = sharedParser;
  parser.input = tokens;
  const cst = parser.file();
  const errors = parser.errors.map((error) => ({
    message: error.message,
    token: error.token,
    previous: previousToken(tokens, error.token),
    missing: error.name === 'MismatchedTokenException' || error.name === 'EarlyExitException',
  }));
  return { cst, errors };
}

/** The last token before `token` (binary search: tokens are in offset order). */
function previousToken(tokens: readonly IToken[], token: IToken): IToken | null {
  if (token.tokenType === EOF || Number.isNaN(token.startOffset)) return tokens[tokens.length - 1] ?? null;
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (tokens[middle].startOffset < token.startOffset) low = middle + 1;
    else high = middle;
  }
  return tokens[low - 1] ?? null;
}

// ---- "expected X, found Y" messages ----

const RULE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  statement: 'a statement (input, dense, loss, init, seed, optimizer, regularization, train, precision)',
  trainOption: 'a training option (iterations, epochs, batch, shuffle_seed, report_every)',
  model: "'model'",
};

/** What the name expected in a rule stands for. */
const NAME_SLOTS: Readonly<Record<string, string>> = {
  model: 'a model name',
  lossStatement: 'a loss (binary_cross_entropy, mean_squared_error, categorical_cross_entropy)',
  precisionStatement: 'a precision (f32, f64)',
};

/** What the name after a keyword stands for. */
const NAME_AFTER: ReadonlyMap<TokenType | undefined, string> = new Map([
  [t.Init, 'an initializer (normal, he, xavier, xavier_course, zeros)'],
  [t.Optimizer, 'an optimizer (gradient_descent, momentum, adam)'],
  [t.Regularization, 'a regularization (l2)'],
]);

function describeType(type: TokenType): string {
  if (type === EOF) return 'end of file';
  return typeof type.LABEL === 'string' ? type.LABEL : type.name;
}

function describeToken(token: IToken | undefined): string {
  if (!token || token.tokenType === EOF) return 'end of file';
  return `'${token.image}'`;
}

function oneOf(types: readonly TokenType[]): string {
  const names = [...new Set(types.map(describeType))];
  if (names.length <= 1) return names[0] ?? 'something else';
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual, previous, ruleName }) => {
    // '}' is only ever expected where another statement could also follow.
    const what =
      expected === t.RCurly
        ? "a statement or '}'"
        : expected === t.Identifier
          ? (NAME_SLOTS[ruleName] ?? NAME_AFTER.get(previous?.tokenType) ?? 'a name')
          : describeType(expected);
    return `expected ${what}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `expected 'model' or end of file, found ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) => {
    const described = RULE_DESCRIPTIONS[ruleName];
    const expected = described ?? oneOf(expectedPathsPerAlt.flatMap((paths) => paths.map((path) => path[0])).filter(isType));
    return `expected ${expected}, found ${describeToken(actual[0])}`;
  },
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, ruleName }) => {
    const described = ruleName === 'trainStatement' ? RULE_DESCRIPTIONS.trainOption : RULE_DESCRIPTIONS[ruleName];
    const expected = described ?? oneOf(expectedIterationPaths.map((path) => path[0]).filter(isType));
    return `expected ${expected}, found ${describeToken(actual[0])}`;
  },
};

function isType(type: TokenType | undefined): type is TokenType {
  return type !== undefined;
}
