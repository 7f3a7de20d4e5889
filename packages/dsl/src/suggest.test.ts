import { describe, expect, it } from 'vitest';
import { closestName, editDistance, suggestionHint } from './suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('sigmod', 'sigmoid')).toBe(1);
    expect(editDistance('tahn', 'tanh')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('closestName', () => {
  const activations = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear', 'softmax'];
  it('finds names up to 2 edits away, ignoring case', () => {
    expect(closestName('sigmod', activations)).toBe('sigmoid');
    expect(closestName('RELU', activations)).toBe('relu');
    expect(closestName('leaky_rel', activations)).toBe('leaky_relu');
  });
  it('gives up beyond 2 edits, and for words no longer than the distance', () => {
    expect(closestName('swish', activations)).toBeNull();
    expect(closestName('x', ['he', 'xavier'])).toBeNull();
  });
  it('words the hint', () => {
    expect(suggestionHint('tanhh', activations)).toBe("did you mean 'tanh'?");
    expect(suggestionHint('gelu', ['a1', 'b2'])).toBe('expected one of: a1, b2');
  });
});
