/**
 * Schedule expressions as WebAssembly text, one element at a time (scalar) or one v128 of lanes
 * at a time (vector), at a "site": where a kernel is in its loops, which says how each load is
 * addressed and what the accumulator holds. Stores follow the schedule's rule (ir/schedule.ts):
 * every out of a kernel is computed before any is stored; an out whose expression repeats an
 * earlier out's (merged loops substitute them) reuses that out's value.
 */
import type { ElementwiseOp } from '../ir/ops.js';
import type { Expr, Index, Store } from '../ir/schedule.js';
import type { MathFunction } from './wasm-math.js';
import type { WatFunction } from './wat-function.js';
import { numberText, VECTOR, WASM_SPELLING, type Imported, type Scalar, type WasmSpelling } from './wasm-spelling.js';

export interface Site {
  /** The value of `buffer` (read with `index`) at this site: T text, or v128 text for vectors. */
  load(buffer: string, index: Index): string;
  /** The accumulator's value at this site, when the kernel has one. */
  readonly acc?: string;
}

export interface ExprContext {
  readonly T: Scalar;
  readonly fn: WatFunction;
  /** A local holding m converted to T. */
  readonly m: string;
}

/** Whether every op of `expr` has a SIMD spelling. */
export function vectorizable(expr: Expr): boolean {
  if (expr.kind !== 'apply') return true;
  return WASM_SPELLING[expr.op].vector !== undefined && expr.args.every(vectorizable);
}

/** The imported Math functions and the module's own math functions `expr` calls. */
export function functionsOf(expr: Expr, imports: Set<Imported>, math: Set<MathFunction>): void {
  if (expr.kind !== 'apply') return;
  const spelling = WASM_SPELLING[expr.op] as WasmSpelling<ElementwiseOp>;
  spelling.imports?.forEach((name) => imports.add(name));
  spelling.math?.forEach((name) => math.add(name));
  expr.args.forEach((a) => functionsOf(a, imports, math));
}

/** value * m^mPower as T text. */
function constant(value: number, mPower: number, ctx: ExprContext): string {
  let text = `(${ctx.T}.const ${numberText(value)})`;
  const op = mPower < 0 ? 'div' : 'mul';
  if (Math.abs(mPower) === 1) return `(${ctx.T}.${op} ${text} (local.get ${ctx.m}))`;
  if (mPower === 0) return text;
  // value / (m ** p): m ** p first, as the TypeScript spelling does.
  let power = `(local.get ${ctx.m})`;
  for (let k = 1; k < Math.abs(mPower); k++) power = `(${ctx.T}.mul ${power} (local.get ${ctx.m}))`;
  text = `(${ctx.T}.${op} ${text} ${power})`;
  return text;
}

function render(expr: Expr, site: Site, ctx: ExprContext, lanes: boolean, known: ReadonlyMap<string, string>): string {
  const temporary = known.get(JSON.stringify(expr));
  if (temporary !== undefined) return `(local.get ${temporary})`;
  switch (expr.kind) {
    case 'const': {
      const scalar = constant(expr.value, expr.mPower, ctx);
      return lanes ? `(${VECTOR[ctx.T]}.splat ${scalar})` : scalar;
    }
    case 'acc':
      if (site.acc === undefined) throw new Error('wat: acc outside an accumulating kernel');
      return site.acc;
    case 'load':
      return site.load(expr.buffer, expr.index);
    case 'apply': {
      const spelling = WASM_SPELLING[expr.op] as WasmSpelling<ElementwiseOp>;
      const args = expr.args.map((a) => render(a, site, ctx, lanes, known));
      // Count how often the spelling reads each argument; bind the ones read twice or more.
      const uses = args.map(() => 0);
      const spell = (arg: (i: number) => string) =>
        lanes
          ? (spelling.vector as NonNullable<typeof spelling.vector>)(arg, ctx.T, expr.attrs as never)
          : spelling.scalar(arg, ctx.T, expr.attrs as never, (name, x) => call(name, x, ctx.T));
      spell((i) => {
        uses[i]++;
        return '';
      });
      const bound = args.map((text, i) => (uses[i] > 1 ? { local: ctx.fn.temp(lanes ? 'v128' : ctx.T), first: true, text } : null));
      return spell((i) => {
        const b = bound[i];
        if (b === null) return args[i];
        if (b.first) {
          b.first = false;
          return `(local.tee ${b.local} ${b.text})`;
        }
        return `(local.get ${b.local})`;
      });
    }
  }
}

/** An imported f64 Math function applied to T text. */
function call(name: Imported, x: string, T: Scalar): string {
  return T === 'f64' ? `(call $${name} ${x})` : `(f32.demote_f64 (call $${name} (f64.promote_f32 ${x})))`;
}

export function scalarText(expr: Expr, site: Site, ctx: ExprContext): string {
  return render(expr, site, ctx, false, new Map());
}

export function vectorText(expr: Expr, site: Site, ctx: ExprContext): string {
  return render(expr, site, ctx, true, new Map());
}

/**
 * Computes every out at this site into a local, then stores them all (`store(buffer, value)`
 * writes one store instruction).
 */
export function writeOuts(
  outs: readonly Store[],
  site: Site,
  ctx: ExprContext,
  lanes: boolean,
  store: (buffer: string, value: string) => string,
): void {
  const known = new Map<string, string>();
  const values: [string, string][] = [];
  for (const out of outs) {
    const text = render(out.expr, site, ctx, lanes, known);
    if (outs.length === 1) {
      ctx.fn.line(store(out.buffer, text));
      return;
    }
    const local = ctx.fn.temp(lanes ? 'v128' : ctx.T);
    ctx.fn.set(local, text);
    if (out.expr.kind === 'apply') known.set(JSON.stringify(out.expr), local);
    values.push([out.buffer, local]);
  }
  for (const [buffer, local] of values) ctx.fn.line(store(buffer, `(local.get ${local})`));
}
