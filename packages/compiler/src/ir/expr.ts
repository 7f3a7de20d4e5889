/** Small helpers over schedule expressions shared by the printer and the emitters. */
import type { Expr } from './schedule.js';

/** `0.5/m`, `-1`, `2*m`: a constant value * m^mPower as text. */
export function literalText(value: number, mPower: number): string {
  const m = mPower === 0 ? '' : mPower === -1 ? '/m' : mPower === 1 ? '*m' : `*m^${mPower}`;
  return `${String(value)}${m}`;
}

/** Every buffer an expression loads. */
export function loadsOf(expr: Expr, into: Set<string> = new Set()): Set<string> {
  if (expr.kind === 'load') into.add(expr.buffer);
  else if (expr.kind === 'apply') for (const arg of expr.args) loadsOf(arg, into);
  return into;
}
