"""Runs a command in a pseudo-terminal of a given size and copies what it draws to stdout.

    python3 pty-run.py COLUMNS ROWS command [args...]

The command sees a terminal (isatty is true, the window size is COLUMNS x ROWS; 0 x 0 leaves
the size unknown, as some terminals do); its exit status becomes ours. For tests of what nnc
shows on a terminal (tests/e2e/terminal.test.ts).
"""
import fcntl
import os
import struct
import subprocess
import sys
import termios

columns, rows = int(sys.argv[1]), int(sys.argv[2])
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
child = subprocess.Popen(sys.argv[3:], stdin=slave, stdout=slave, stderr=slave, close_fds=True, start_new_session=True)
os.close(slave)
out = sys.stdout.buffer
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:  # EIO: every writer of the terminal has gone
        break
    if not chunk:
        break
    out.write(chunk)
out.flush()
sys.exit(child.wait())
