/**
 * Gives meaning to a call such as `adam(learning_rate: 0.001, beta1: 0.9)` against a family of
 * vocabulary.ts: the callee must exist, positional arguments fill parameters in order, named ones
 * by name, every value must pass its rule, required parameters must be there, and the rest take
 * their defaults. Every problem is reported; the result is null only when the callee is unknown
 * or a required parameter is missing.
 */
import type { CallNode } from './ast.js';
import type { Span } from '@nnc/model/ir';
import type { Reporter } from './reporter.js';
import { suggestionHint } from './suggest.js';
import type { Family, ParameterSpec } from './vocabulary.js';

export interface ResolvedCall<K extends string> {
  readonly kind: K;
  readonly values: Readonly<Record<string, number>>;
}

/** The largest finite float32, and the smallest positive normal one. */
export const FLOAT32_MAX = 3.4028234663852886e38;
export const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

/** Whether float32 holds `value` without overflow to infinity or underflow to (sub)zero. */
function holdsInFloat32(value: number): boolean {
  const magnitude = Math.abs(value);
  return magnitude === 0 || (magnitude <= FLOAT32_MAX && magnitude >= FLOAT32_MIN_NORMAL);
}

export function resolveCall<K extends string>(
  call: CallNode,
  family: Family<K>,
  reporter: Reporter,
): ResolvedCall<K> | null {
  const name = call.callee.name;
  const kinds = Object.keys(family.signatures) as K[];
  const kind = kinds.find((candidate) => candidate === name);
  if (kind === undefined) {
    reporter.error(family.unknownCode, `unknown ${family.noun} '${name}'`, call.callee.span, {
      hint: suggestionHint(name, kinds),
    });
    return null;
  }
  const parameters = family.signatures[kind];
  const args = call.args ?? [];
  if (parameters.length === 0 && args.length > 0) {
    reporter.error('NNC028', `${name} takes no arguments`, args[0].span, { hint: `write '${name}' alone` });
    return { kind, values: {} };
  }

  const given = new Map<string, Span>();
  const values: Record<string, number> = {};
  let positional = 0;
  let sawNamed = false;
  for (const arg of args) {
    let parameter: ParameterSpec | undefined;
    if (arg.parameter === null) {
      if (sawNamed) {
        reporter.error('NNC028', 'a positional argument cannot follow named ones', arg.span, {
          hint: `name it, e.g. '${parameters[Math.min(positional, parameters.length - 1)].name}: ...'`,
        });
        continue;
      }
      parameter = parameters[positional++];
      if (parameter === undefined) {
        const count = parameters.length === 1 ? '1 argument' : `${parameters.length} arguments`;
        reporter.error('NNC028', `${name} takes ${count}, this is one too many`, arg.span, {
          hint: `${name} takes: ${parameters.map((p) => p.name).join(', ')}`,
        });
        continue;
      }
    } else {
      sawNamed = true;
      const wanted = arg.parameter.name;
      parameter = parameters.find((p) => p.name === wanted);
      if (parameter === undefined) {
        reporter.error('NNC026', `unknown parameter '${wanted}' for ${name}`, arg.parameter.span, {
          hint: suggestionHint(
            wanted,
            parameters.map((p) => p.name),
          ),
        });
        continue;
      }
    }
    const first = given.get(parameter.name);
    if (first) {
      reporter.error('NNC028', `parameter '${parameter.name}' is given twice`, arg.span, {
        related: { message: 'first given here', span: first },
        hint: 'keep one of them',
      });
      continue;
    }
    given.set(parameter.name, arg.span);
    const value = arg.value;
    if (arg.missingColon && arg.parameter && value) {
      reporter.error('NNC002', `expected ':' after '${arg.parameter.name}', found '${value.kind === 'name' ? value.name : value.text}'`, value.span, {
        hint: `write ${arg.parameter.name}: ${value.kind === 'name' ? value.name : value.text}`,
      });
    }
    if (value === null) continue; // the parser reported it
    if (value.kind === 'name') {
      reporter.error('NNC029', `${parameter.name} must be a number, found '${value.name}'`, value.span, {
        hint: `for example ${parameter.name}: ${parameter.example}`,
      });
      continue;
    }
    if (!parameter.rule.holds(value.value)) {
      reporter.error(parameter.rule.code, `${parameter.name} ${parameter.rule.requirement}, got ${value.text}`, value.span);
      continue;
    }
    if (!holdsInFloat32(value.value)) {
      reporter.error('NNC042', `${parameter.name} is ${value.text}, which float32 cannot hold`, value.span, {
        hint: `WebGPU and f32 models compute in float32; use a value between ${FLOAT32_MIN_NORMAL.toPrecision(2)} and ${FLOAT32_MAX.toPrecision(2)} (or 0)`,
      });
      continue;
    }
    values[parameter.name] = value.value;
  }

  let complete = true;
  for (const parameter of parameters) {
    if (given.has(parameter.name)) continue;
    if (parameter.defaultValue === null) {
      complete = false;
      reporter.error('NNC027', `${name} needs ${parameter.name}`, call.span, {
        hint: `write ${name}(${parameter.name}: ${parameter.example}${parameters.length > 1 ? ', ...' : ''})`,
      });
    } else {
      values[parameter.name] = parameter.defaultValue;
    }
  }
  return complete ? { kind, values } : null;
}
