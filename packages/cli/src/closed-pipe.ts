/**
 * A reader that goes away does not end the command: once `nnc train ... | head -2` has had its
 * two lines, training goes on with what it prints dropped, writes --save and the checkpoints as a
 * run with a reader would, and exits as that run would (0), with no EPIPE stack. (Node's stdout
 * neither closes nor stops erroring on EPIPE: without this, every later write would fail again
 * and queue its text.)
 */
export function dropOutputOnClosedPipe(stream: NodeJS.WritableStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stream.write = discard;
  });
}

/** A write that nobody reads: done at once (its callback, if any, called as after a write). */
const discard = ((...args: unknown[]): boolean => {
  const done = args.find((arg): arg is () => void => typeof arg === 'function');
  if (done) process.nextTick(done);
  return true;
}) as NodeJS.WritableStream['write'];
