/**
 * A small tagged-template builder for WGSL source.
 *
 *   wgsl`let x = ${f32(0.5)} * ${ident('acc')};`
 *
 * Interpolations are typed: a `Wgsl` fragment is pasted as is (multi-line fragments are re-indented
 * to the column where they are interpolated, so generated shaders read like hand-written ones),
 * numbers must be integers (abstract-int literals such as array sizes), and anything else must be
 * spelled through `f32`, `u32` or `ident`, which validate what they produce. Strings are never
 * pasted raw, so a stray JavaScript value cannot turn into malformed WGSL.
 */

export class Wgsl {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type WgslPart = Wgsl | number | readonly Wgsl[];

export function wgsl(strings: TemplateStringsArray, ...parts: WgslPart[]): Wgsl {
  let out = strings[0];
  parts.forEach((part, index) => {
    const indent = /(?:^|\n)([ \t]*)[^\n]*$/.exec(out)?.[1] ?? '';
    out += reindent(render(part), indent) + strings[index + 1];
  });
  return new Wgsl(out);
}

function render(part: WgslPart): string {
  if (part instanceof Wgsl) return part.text;
  if (typeof part === 'number') {
    if (!Number.isSafeInteger(part)) throw new Error(`wgsl: ${part} is not an integer; spell floats with f32()`);
    return String(part);
  }
  return part.map((p) => p.text).join('\n');
}

function reindent(text: string, indent: string): string {
  return text.replace(/\n(?=[^\n])/g, `\n${indent}`);
}

/** A WGSL identifier (letters, digits, underscores; not starting with a digit or `__`). */
export function ident(name: string): Wgsl {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name.startsWith('__') || name === '_') {
    throw new Error(`wgsl: '${name}' is not a valid identifier`);
  }
  return new Wgsl(name);
}

/**
 * An f32 literal that round-trips: the shortest decimal that JavaScript prints for the value
 * rounded to f32, with an `f` suffix (`0.5f`, `1e-8f`, `2f`).
 */
export function f32(value: number): Wgsl {
  const rounded = Math.fround(value);
  if (!Number.isFinite(rounded)) throw new Error(`wgsl: ${value} is not a finite f32`);
  const text = shortestF32(rounded);
  return new Wgsl(`${text.startsWith('-') ? `(${text}f)` : `${text}f`}`);
}

/** A u32 literal (`16u`). */
export function u32(value: number): Wgsl {
  if (!Number.isSafeInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`wgsl: ${value} is not a u32`);
  return new Wgsl(`${value}u`);
}

/** Joins fragments with a separator (`, ` by default). */
export function join(parts: readonly Wgsl[], separator = ', '): Wgsl {
  return new Wgsl(parts.map((p) => p.text).join(separator));
}

/** The shortest decimal string s with Math.fround(Number(s)) === value. */
function shortestF32(value: number): string {
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return String(candidate);
  }
  return String(value);
}
