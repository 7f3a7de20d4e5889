/**
 * The small expression language `nnc explain` prints equations in, and its two spellings: plain
 * text in the course's notation (`(1/m) dZ[2] A[1]^T`, `*` the elementwise product,
 * juxtaposition the matrix product or a scalar factor) and LaTeX that KaTeX renders
 * (`\frac{1}{m} dZ^{[2]} A^{[1]T}`). One tree, two renderers that differ only in spelling and
 * in where they need parentheses.
 */

/** A variable of the course: `base[layer]` (Z[1], dW[2], v_dW[1]) or a plain symbol (X, J, alpha). */
export interface Variable {
  readonly kind: 'var';
  readonly text: string;
  readonly latexBase: string;
  /** The layer superscript `[l]`, or null for X, Y, J, alpha ... */
  readonly layer: number | null;
  /** Moment slots print as v_{dW^{[l]}}: the variable is a subscript of `latexWrap`. */
  readonly latexWrap?: string;
  readonly scalar: boolean;
}

export type Expr =
  | Variable
  | { readonly kind: 'number'; readonly value: number; readonly mPower: number }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | 'product' | '/'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'neg'; readonly arg: Expr }
  | { readonly kind: 'square'; readonly arg: Expr }
  | { readonly kind: 'transpose'; readonly arg: Expr }
  | { readonly kind: 'abs'; readonly arg: Expr }
  | { readonly kind: 'positive'; readonly arg: Expr }
  | { readonly kind: 'call'; readonly fn: FunctionName; readonly args: readonly Expr[] }
  | { readonly kind: 'sum'; readonly axis: 'cols' | 'rows' | 'all'; readonly arg: Expr };

export type FunctionName = 'sigmoid' | 'tanh' | 'relu' | 'softmax' | 'logsumexp' | 'exp' | 'log' | 'sqrt' | 'max' | 'where';

export const variable = (text: string, latexBase: string, layer: number | null, scalar = false, latexWrap?: string): Variable =>
  latexWrap === undefined ? { kind: 'var', text, latexBase, layer, scalar } : { kind: 'var', text, latexBase, layer, scalar, latexWrap };

/** Binding strength: sums 1, products 2, prefix operators 3, postfix 4, atoms 5. */
interface Rendered {
  readonly s: string;
  readonly prec: number;
  /** The binary operator at the top, to parenthesise mixed products. */
  readonly op?: string;
  /** A prefix sum (`sum_cols dZ[2]`): parenthesised when something follows it. */
  readonly prefix?: boolean;
  readonly scalar?: boolean;
}

const SUM_TEXT = { cols: 'sum_cols', rows: 'sum_rows', all: 'sum' } as const;
const SUM_LATEX = { cols: '\\sum_{\\text{cols}}', rows: '\\sum_{\\text{rows}}', all: '\\sum' } as const;
const FN_LATEX: Record<FunctionName, string> = {
  sigmoid: '\\sigma',
  tanh: '\\tanh',
  relu: '\\operatorname{relu}',
  softmax: '\\operatorname{softmax}',
  logsumexp: '\\operatorname{logsumexp}',
  exp: '\\exp',
  log: '\\log',
  sqrt: '\\sqrt',
  max: '\\max',
  where: '\\operatorname{where}',
};

export type MathFormat = 'text' | 'latex';

export function renderExpr(expr: Expr, format: MathFormat): string {
  return render(expr, format).s;
}

function render(expr: Expr, f: MathFormat): Rendered {
  const paren = (r: Rendered): string => (f === 'latex' ? `\\left(${r.s}\\right)` : `(${r.s})`);
  switch (expr.kind) {
    case 'var':
      return { s: f === 'text' ? expr.text : latexVariable(expr, ''), prec: 5, scalar: expr.scalar };
    case 'number':
      return renderNumber(expr.value, expr.mPower, f);
    case 'neg': {
      const arg = render(expr.arg, f);
      return { s: `-${arg.prec < 3 ? paren(arg) : arg.s}`, prec: 3 };
    }
    case 'square':
    case 'transpose': {
      const mark = expr.kind === 'square' ? '2' : 'T';
      if (f === 'latex' && expr.arg.kind === 'var' && expr.kind === 'transpose') return { s: latexVariable(expr.arg, 'T'), prec: 5 };
      const arg = render(expr.arg, f);
      const base = arg.prec < 5 ? paren(arg) : arg.s;
      return { s: f === 'latex' ? `{${base}}^{${mark}}` : `${base}^${mark}`, prec: 4, scalar: arg.scalar };
    }
    case 'abs': {
      const arg = render(expr.arg, f).s;
      return { s: f === 'latex' ? `\\lvert ${arg} \\rvert` : `|${arg}|`, prec: 5 };
    }
    case 'positive':
      return { s: `${render(expr.arg, f).s} > 0`, prec: 0 };
    case 'call': {
      const args = expr.args.map((a) => render(a, f).s);
      if (f === 'text') return { s: `${expr.fn}(${args.join(', ')})`, prec: 5 };
      if (expr.fn === 'sqrt') return { s: `\\sqrt{${args[0]}}`, prec: 5 };
      return { s: `${FN_LATEX[expr.fn]}\\left(${args.join(', ')}\\right)`, prec: 5 };
    }
    case 'sum': {
      const arg = render(expr.arg, f);
      const name = f === 'text' ? SUM_TEXT[expr.axis] : SUM_LATEX[expr.axis];
      // `sum_cols dZ[2]` as the course writes it; `sum(W[1]^2)` around anything larger.
      if (arg.prec >= 5) return { s: `${name} ${arg.s}`, prec: 3, prefix: true };
      return { s: f === 'text' ? `${name}(${arg.s})` : `${name} ${paren(arg)}`, prec: 5 };
    }
    case 'binary':
      return renderBinary(expr.op, render(expr.left, f), render(expr.right, f), f, paren);
  }
}

function renderBinary(
  op: '+' | '-' | '*' | 'product' | '/',
  left: Rendered,
  right: Rendered,
  f: MathFormat,
  paren: (r: Rendered) => string,
): Rendered {
  const leftText = (needs: boolean) => (needs || left.prefix === true ? paren(left) : left.s);
  const rightText = (needs: boolean) => (needs ? paren(right) : right.s);
  const scalar = left.scalar === true && right.scalar === true;
  switch (op) {
    case '+':
      return { s: `${leftText(left.prec < 1)} + ${rightText(right.prec < 1)}`, prec: 1, op, scalar };
    case '-':
      return { s: `${leftText(left.prec < 1)} - ${rightText(right.prec <= 1)}`, prec: 1, op, scalar };
    case '/':
      if (f === 'latex') return { s: `\\frac{${left.s}}{${right.s}}`, prec: 5, scalar };
      {
        const l = leftText(left.prec < 2 || (left.prec === 2 && left.op !== '/'));
        const r = rightText(right.prec <= 2);
        return { s: left.prec >= 4 && right.prec >= 4 ? `${l}/${r}` : `${l} / ${r}`, prec: 2, op, scalar };
      }
    case '*':
    case 'product': {
      // A scalar factor commutes with everything, so only sums need parentheses after it.
      const mixed = (r: Rendered) => r.prec < 2 || (r.prec === 2 && r.op !== op && left.scalar !== true);
      const symbol = op === '*' ? ' * ' : ' ';
      return { s: `${leftText(left.prec < 2 || (left.prec === 2 && left.op !== op))}${symbol}${rightText(mixed(right))}`, prec: 2, op, scalar };
    }
  }
}

/** `Z^{[1]}`, `A^{[1]T}`, `v_{dW^{[1]}}`. */
function latexVariable(v: Variable, extra: string): string {
  const sup = v.layer === null ? extra : `[${v.layer}]${extra}`;
  const core = sup === '' ? v.latexBase : `${v.latexBase}^{${sup}}`;
  return v.latexWrap === undefined ? core : `${v.latexWrap}_{${core}}`;
}

/** value * m^mPower: `2`, `1/m`, `0.05/m`, `1e-8` (LaTeX `10^{-8}`). */
function renderNumber(value: number, mPower: number, f: MathFormat): Rendered {
  const digits = f === 'latex' ? latexDigits(value) : String(value);
  if (mPower === 0) return value < 0 ? { s: digits, prec: 3, scalar: true } : { s: digits, prec: 5, scalar: true };
  const m = Math.abs(mPower) === 1 ? 'm' : f === 'latex' ? `m^{${Math.abs(mPower)}}` : `m^${Math.abs(mPower)}`;
  if (mPower > 0) return { s: f === 'latex' ? `${digits} ${m}` : `${digits} ${m}`, prec: 2, op: 'product', scalar: true };
  if (f === 'latex') return { s: `\\frac{${digits}}{${m}}`, prec: 5, scalar: true };
  return { s: `${digits}/${m}`, prec: 2, op: '/', scalar: true };
}

function latexDigits(value: number): string {
  const text = String(value);
  const match = /^(-?[\d.]+)e([+-]?\d+)$/.exec(text);
  if (match === null) return text;
  const exponent = `10^{${Number(match[2])}}`;
  return match[1] === '1' ? exponent : `${match[1]} \\times ${exponent}`;
}
