/**
 * The one way text that comes from a user (file names, model, layer and class names, paths)
 * reaches a generated file. Nothing a user writes is ever spelled as code: it is either a string
 * literal (`stringLiteral`) or comment text (`commentText`), and both escape every character
 * outside printable ASCII, so no newline, line or paragraph separator, quote, backtick, `${` or
 * `*\/` can end the literal or the comment it sits in.
 */

/** `\uXXXX` for one UTF-16 code unit (surrogate halves one at a time). */
function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Printable ASCII other than the characters that can end or alter a literal or a comment. */
const SAFE = /[\x20-\x7e]/;

function escapeWith(text: string, special: Readonly<Record<string, string>>): string {
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const unit = text[k];
    const mapped = special[unit];
    out += mapped !== undefined ? mapped : SAFE.test(unit) ? unit : unicodeEscape(unit);
  }
  return out;
}

const LITERAL_SPECIAL: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\u0022',
  '`': '\\u0060',
  $: '\\u0024',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** A single-quoted TypeScript / JavaScript string literal holding `text` exactly. */
export function stringLiteral(text: string): string {
  return `'${escapeWith(text, LITERAL_SPECIAL)}'`;
}

const COMMENT_SPECIAL: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '*': '\\u002a',
  '`': '\\u0060',
  $: '\\u0024',
};

/**
 * `text` made safe inside a `//` or `/* *\/` comment of a TS, JS or WGSL file: it reads the same
 * for ordinary names, and any character that could end the comment (or a template literal around
 * it) is written as a `\uXXXX` escape. Long text is cut to `max` characters with an ellipsis.
 */
export function commentText(text: string, max = 200): string {
  const escaped = escapeWith(text, COMMENT_SPECIAL);
  return escaped.length <= max ? escaped : `${escaped.slice(0, max)}...`;
}
