import { describe, expect, it } from 'vitest';
import { commentText, stringLiteral } from './user-text.js';

const HOSTILE = [
  "m\nglobalThis.process.exit(7);declare namespace N {",
  'a\rb',
  'x\u2028y\u2029z',
  '*/ process.exit(7) /*',
  '`${process.exit(7)}`',
  "it's \\ \"quoted\"",
  'naïve 🧠 name',
  '\u0000\u001b[31m',
  'long'.repeat(500),
];

describe('user text in generated code', () => {
  it('string literals evaluate back to exactly the text', () => {
    for (const text of HOSTILE) {
      const literal = stringLiteral(text);
      expect(literal).toMatch(/^'[\x20-\x7e]*'$/);
      expect(new Function(`return ${literal};`)()).toBe(text);
    }
  });

  it('comment text never ends a comment or a template literal and stays on one line', () => {
    for (const text of HOSTILE) {
      const comment = commentText(text);
      expect(comment).toMatch(/^[\x20-\x7e]*$/);
      expect(comment).not.toContain('*/');
      expect(comment).not.toContain('`');
      expect(comment).not.toContain('${');
      // A line comment and a block comment around it are inert: the function returns undefined.
      expect(new Function(`// ${comment}\n/* ${comment} */\nreturn \`${comment.replace(/\\/g, '\\\\')}\`.length > 0 ? undefined : 1;`)()).toBeUndefined();
    }
    expect(commentText('planar.nn')).toBe('planar.nn');
    expect(commentText('x'.repeat(300)).length).toBe(203);
  });
});
