/**
 * A WebAssembly text function being written: parameters, locals declared on first use, and a
 * body of folded instructions with indentation. Emitters write statements with `line`, nest with
 * `block`/`loop`, and get fresh temporaries with `temp`.
 */
export type WasmType = 'i32' | 'f32' | 'f64' | 'v128';

export class WatFunction {
  private readonly locals = new Map<string, WasmType>();
  private readonly lines: string[] = [];
  private depth = 2;
  private temps = 0;
  private labels = 0;

  constructor(
    readonly name: string,
    private readonly params: readonly (readonly [string, WasmType])[],
    private readonly exportName: string | null = null,
  ) {}

  /** A named local (declared once; the same name must keep its type). */
  local(name: string, type: WasmType): string {
    const known = this.locals.get(name);
    if (known !== undefined && known !== type) throw new Error(`wat: local $${name} is ${known}, not ${type}`);
    this.locals.set(name, type);
    return `$${name}`;
  }

  /** A fresh temporary local. */
  temp(type: WasmType): string {
    return this.local(`t${this.temps++}`, type);
  }

  line(text: string): void {
    this.lines.push(`${'  '.repeat(this.depth)}${text}`);
  }

  comment(text: string): void {
    this.line(`;; ${text}`);
  }

  set(local: string, value: string): void {
    this.line(`(local.set ${local} ${value})`);
  }

  /** `(block $label ... )` around `body`; returns nothing, `body` gets the label. */
  block(body: (label: string) => void): void {
    const label = `$b${this.labels++}`;
    this.line(`(block ${label}`);
    this.nested(() => body(label));
    this.line(')');
  }

  /**
   * `for (variable = from; variable < to; variable += step) body` over i32 locals; the loop does
   * not run when from >= to.
   */
  forLoop(variable: string, from: string, to: string, step: number | string, body: () => void): void {
    const exit = `$b${this.labels++}`;
    const again = `$l${this.labels++}`;
    const increment = typeof step === 'number' ? `(i32.const ${step})` : step;
    this.set(variable, from);
    this.line(`(block ${exit}`);
    this.nested(() => {
      this.line(`(br_if ${exit} (i32.ge_s (local.get ${variable}) ${to}))`);
      this.line(`(loop ${again}`);
      this.nested(() => {
        body();
        this.set(variable, `(i32.add (local.get ${variable}) ${increment})`);
        this.line(`(br_if ${again} (i32.lt_s (local.get ${variable}) ${to}))`);
      });
      this.line(')');
    });
    this.line(')');
  }

  /** `while (condition) body`, the condition i32 text tested before each pass. */
  whileLoop(condition: string, body: () => void): void {
    const exit = `$b${this.labels++}`;
    const again = `$l${this.labels++}`;
    this.line(`(block ${exit}`);
    this.nested(() => {
      this.line(`(loop ${again}`);
      this.nested(() => {
        this.line(`(br_if ${exit} (i32.eqz ${condition}))`);
        body();
        this.line(`(br ${again})`);
      });
      this.line(')');
    });
    this.line(')');
  }

  /** `if (condition) then else`. */
  ifElse(condition: string, then: () => void, otherwise?: () => void): void {
    this.line(`(if ${condition}`);
    this.nested(() => {
      this.line('(then');
      this.nested(then);
      this.line(')');
      if (otherwise !== undefined) {
        this.line('(else');
        this.nested(otherwise);
        this.line(')');
      }
    });
    this.line(')');
  }

  private nested(body: () => void): void {
    this.depth++;
    body();
    this.depth--;
  }

  text(): string {
    const exported = this.exportName === null ? '' : ` (export "${this.exportName}")`;
    const params = this.params.map(([n, t]) => `(param $${n} ${t})`).join(' ');
    const locals = [...this.locals].map(([n, t]) => `(local $${n} ${t})`);
    const head = `  (func $${this.name}${exported}${params === '' ? '' : ` ${params}`}`;
    const localLines: string[] = [];
    for (let k = 0; k < locals.length; k += 8) localLines.push(`    ${locals.slice(k, k + 8).join(' ')}`);
    return [head, ...localLines, ...this.lines, '  )'].join('\n');
  }
}
