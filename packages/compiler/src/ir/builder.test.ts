import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './builder.js';

describe('GraphBuilder', () => {
  it('orders commutative operands canonically: tensors, then scalars, then constants, whenever each was built', () => {
    const b = new GraphBuilder('f64');
    const early = b.constant(0.9);
    const v1 = b.add('slot', [], { name: 'v1', shape: [2, 3] });
    const late = b.constant(0.5);
    const t = b.add('input', [], { name: 'bias_correction1', shape: [], onehot: false });
    const v2 = b.add('slot', [], { name: 'v2', shape: [2, 3] });
    expect(b.node(b.add('mul', [early, v1], {})).inputs).toEqual([v1, early]);
    expect(b.node(b.add('mul', [v1, late], {})).inputs).toEqual([v1, late]);
    expect(b.node(b.add('add', [early, v2], {})).inputs).toEqual([v2, early]);
    expect(b.node(b.add('mul', [t, v2], {})).inputs).toEqual([v2, t]);
    expect(b.node(b.add('mul', [late, t], {})).inputs).toEqual([t, late]);
    // Two tensors keep creation order; the same product is found whichever way it is asked for.
    expect(b.node(b.add('mul', [v2, v1], {})).inputs).toEqual([v1, v2]);
    expect(b.add('mul', [v1, early], {})).toBe(b.add('mul', [early, v1], {}));
    // Non-commutative ops keep their operands.
    expect(b.node(b.add('sub', [early, v1], {})).inputs).toEqual([early, v1]);
  });
});
