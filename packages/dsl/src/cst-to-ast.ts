/**
 * Turns the parser's concrete syntax tree into the AST of ast.ts: one method per grammar rule,
 * dispatching on the CST node's rule name. Tokens that error recovery inserted (empty images) and
 * nodes it cut short become nulls; the parser has reported them already.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type {
  ArgumentNode,
  CallNode,
  FileNode,
  ModelNode,
  NameNode,
  NumberNode,
  SeedNode,
  StatementNode,
  TrainOptionNode,
} from './ast.js';
import type { Span } from '@nnc/model/ir';
import { joinSpans, tokenSpan } from './span.js';

export function cstToAst(cst: CstNode, file: string): FileNode {
  return new CstToAst(file).file(cst);
}

class CstToAst {
  constructor(private readonly fileName: string) {}

  file(node: CstNode): FileNode {
    const models = nodes(node, 'model')
      .map((model) => this.model(model))
      .filter((model): model is ModelNode => model !== null);
    return { models };
  }

  private model(node: CstNode): ModelNode | null {
    const keyword = token(node, 'Keyword_model');
    const span = this.nodeSpan(node);
    if (!keyword || !span) return null;
    const name = this.name(token(node, 'Identifier'));
    const header = name ? joinSpans(this.span(keyword), name.span) : this.span(keyword);
    const statements = nodes(node, 'statement')
      .map((statement) => this.statement(statement))
      .filter((statement): statement is StatementNode => statement !== null);
    return { name, header, statements, span };
  }

  private statement(node: CstNode): StatementNode | null {
    const inner = Object.values(node.children).flat().find(isNode);
    if (!inner) return null;
    const key = this.name(firstToken(inner));
    const span = this.nodeSpan(inner);
    if (!key || !span) return null;
    const base = { key, span };
    switch (inner.name) {
      case 'inputStatement':
        return { ...base, kind: 'input', size: this.number(token(inner, 'NumberLiteral')) };
      case 'denseStatement':
        return {
          ...base,
          kind: 'dense',
          size: this.number(token(inner, 'NumberLiteral')),
          activation: this.call(node1(inner, 'activation')),
          init: this.call(node1(inner, 'init')),
        };
      case 'lossStatement':
        return { ...base, kind: 'loss', loss: this.name(token(inner, 'Identifier')) };
      case 'initStatement':
        return { ...base, kind: 'init', init: this.call(node1(inner, 'call')), seed: this.seed(inner) };
      case 'seedStatement':
        return { ...base, kind: 'seed', seed: this.seed(inner) ?? { value: null, span } };
      case 'optimizerStatement':
        return { ...base, kind: 'optimizer', optimizer: this.call(node1(inner, 'call')) };
      case 'regularizationStatement':
        return { ...base, kind: 'regularization', regularizer: this.call(node1(inner, 'call')) };
      case 'trainStatement':
        return { ...base, kind: 'train', options: this.trainOptions(inner) };
      case 'precisionStatement':
        return { ...base, kind: 'precision', precision: this.name(token(inner, 'Identifier')) };
      default:
        return { ...base, kind: 'unknown', stray: token(inner, 'stray') !== null };
    }
  }

  private seed(node: CstNode): SeedNode | null {
    const keyword = token(node, 'Keyword_seed');
    if (!keyword) return null;
    const value = this.number(token(node, 'NumberLiteral'));
    const start = this.span(keyword);
    return { value, span: value ? joinSpans(start, value.span) : start };
  }

  private trainOptions(node: CstNode): TrainOptionNode[] {
    const options: TrainOptionNode[] = [];
    for (const option of nodes(node, 'trainOption')) {
      const key = this.name(firstToken(option));
      const span = this.nodeSpan(option);
      if (!key || !span) continue;
      const known = token(option, 'Identifier') === null;
      const value = known ? (this.number(token(option, 'NumberLiteral')) ?? this.name(token(option, 'Keyword_full'))) : null;
      options.push({ key, known, value, span });
    }
    return options;
  }

  private call(node: CstNode | null): CallNode | null {
    if (!node) return null;
    const callee = this.name(token(node, 'Identifier'));
    const span = this.nodeSpan(node);
    if (!callee || !span) return null;
    const args = token(node, 'LParen') ? nodes(node, 'argument').map((argument) => this.argument(argument)) : null;
    return { callee, args: args?.filter((argument): argument is ArgumentNode => argument !== null) ?? null, span };
  }

  private argument(node: CstNode): ArgumentNode | null {
    const span = this.nodeSpan(node);
    if (!span) return null;
    const name = this.name(token(node, 'parameter'));
    const value = this.number(token(node, 'NumberLiteral')) ?? this.name(token(node, 'name'));
    // A lone name is a positional value (`init normal(he)` is then "not a number").
    if (name && !value) return { parameter: null, value: name, missingColon: false, span };
    return { parameter: name, value, missingColon: name !== null && token(node, 'Colon') === null, span };
  }

  private number(tok: IToken | null): NumberNode | null {
    // Decimal only: Number() would also read 0x10, 0b101 and 0o17; those get NaN, which every check refuses.
    const value = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(tok?.image ?? '') ? Number(tok?.image) : NaN;
    return tok ? { kind: 'number', value, text: tok.image, span: this.span(tok) } : null;
  }

  private name(tok: IToken | null): NameNode | null {
    return tok ? { kind: 'name', name: tok.image, span: this.span(tok) } : null;
  }

  private span(tok: IToken): Span {
    return tokenSpan(this.fileName, tok);
  }

  /** From the node's first real token to its last one; null if recovery left it empty. */
  private nodeSpan(node: CstNode): Span | null {
    const tokens = allTokens(node);
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    return first && last ? joinSpans(this.span(first), this.span(last)) : null;
  }
}

function isNode(element: CstElement): element is CstNode {
  return 'children' in element;
}

function isRealToken(element: CstElement): element is IToken {
  return !isNode(element) && !element.isInsertedInRecovery && element.image !== '';
}

function token(node: CstNode, key: string): IToken | null {
  return (node.children[key] ?? []).find(isRealToken) ?? null;
}

function nodes(node: CstNode, key: string): CstNode[] {
  return (node.children[key] ?? []).filter(isNode);
}

function node1(node: CstNode, key: string): CstNode | null {
  return nodes(node, key)[0] ?? null;
}

/** The node's real tokens in source order. */
function allTokens(node: CstNode): IToken[] {
  const tokens: IToken[] = [];
  const walk = (n: CstNode) => {
    for (const element of Object.values(n.children).flat()) {
      if (isNode(element)) walk(element);
      else if (isRealToken(element)) tokens.push(element);
    }
  };
  walk(node);
  return tokens.sort((a, b) => a.startOffset - b.startOffset);
}

function firstToken(node: CstNode): IToken | null {
  return allTokens(node)[0] ?? null;
}
