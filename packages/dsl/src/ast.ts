/**
 * The abstract syntax of a `.nn` file: what was written, with spans, before any meaning is given.
 * A field is null where error recovery left a hole (the parser has already reported it).
 */
import type { Span } from '@nnc/model/ir';

export interface NumberNode {
  readonly kind: 'number';
  readonly value: number;
  readonly text: string;
  readonly span: Span;
}

export interface NameNode {
  readonly kind: 'name';
  readonly name: string;
  readonly span: Span;
}

/** `name` or `name(arg, key: arg, ...)`; `args` is null when there are no parentheses. */
export interface CallNode {
  readonly callee: NameNode;
  readonly args: readonly ArgumentNode[] | null;
  readonly span: Span;
}

export interface ArgumentNode {
  readonly parameter: NameNode | null;
  readonly value: NumberNode | NameNode | null;
  /** `learning_rate 0.1`: the parameter's value follows without the ':'. */
  readonly missingColon: boolean;
  readonly span: Span;
}

/** `iterations 100`, `batch full`, or an unknown option (value dropped). */
export interface TrainOptionNode {
  readonly key: NameNode;
  readonly known: boolean;
  readonly value: NumberNode | NameNode | null;
  readonly span: Span;
}

/** `seed N` after an init or on its own. */
export interface SeedNode {
  readonly value: NumberNode | null;
  readonly span: Span;
}

interface StatementBase {
  /** The leading keyword (or unknown name). */
  readonly key: NameNode;
  readonly span: Span;
}

export type StatementNode =
  | (StatementBase & { readonly kind: 'input'; readonly size: NumberNode | null })
  | (StatementBase & {
      readonly kind: 'dense';
      readonly size: NumberNode | null;
      readonly activation: CallNode | null;
      readonly init: CallNode | null;
    })
  | (StatementBase & { readonly kind: 'loss'; readonly loss: NameNode | null })
  | (StatementBase & { readonly kind: 'init'; readonly init: CallNode | null; readonly seed: SeedNode | null })
  | (StatementBase & { readonly kind: 'seed'; readonly seed: SeedNode })
  | (StatementBase & { readonly kind: 'optimizer'; readonly optimizer: CallNode | null })
  | (StatementBase & { readonly kind: 'regularization'; readonly regularizer: CallNode | null })
  | (StatementBase & { readonly kind: 'train'; readonly options: readonly TrainOptionNode[] })
  | (StatementBase & { readonly kind: 'precision'; readonly precision: NameNode | null })
  /** `stray`: the line starts with a number or punctuation rather than a name. */
  | (StatementBase & { readonly kind: 'unknown'; readonly stray: boolean });

export type StatementKind = StatementNode['kind'];

export interface ModelNode {
  readonly name: NameNode | null;
  /** `model NAME`: where "missing X" diagnostics point. */
  readonly header: Span;
  readonly statements: readonly StatementNode[];
  readonly span: Span;
}

export interface FileNode {
  readonly models: readonly ModelNode[];
}
