/**
 * A closed pipe ends the command quietly: `nnc train ... | head -2` exits 0 once `head` has what
 * it wanted, without an EPIPE stack. Nothing more can be shown to a reader that has gone, so the
 * process ends at once; outputs already written are complete (every write is atomic).
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exit(0);
    else throw error;
  });
}
