/** A problem with the user's input: printed as `nnc: <message>` with exit code 1, no stack. */
export class UserError extends Error {
  override name = 'UserError';
}
