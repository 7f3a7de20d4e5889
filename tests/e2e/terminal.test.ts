/**
 * What `nnc train` draws on a terminal (issue 11 item 2), in a real pseudo-terminal
 * (tests/support/pty-run.py, python3's pty module) of several widths, and in one that does not
 * say its width, with $COLUMNS: the status line fits the width with the iteration, cost, rate and
 * ETA kept (the bar shrinks, then goes), never reads NaN or NF, and the report lines and the
 * summary print above it as in a pipe.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, requireBuild, ROOT } from '../support/built-cli.js';

const PTY = join(ROOT, 'tests/support/pty-run.py');
const hasPython = spawnSync('python3', ['-c', 'import pty, fcntl, termios'], { encoding: 'utf8' }).status === 0;
if (!hasPython && process.env.CI) throw new Error('the terminal tests need python3 (its pty module)');

beforeAll(requireBuild);

/** What the terminal shows of `nnc train` in a COLUMNS x 24 terminal: every drawn segment, escapes removed. */
function inTerminal(columns: number, env: Record<string, string> = {}): { code: number | null; segments: string[] } {
  const args = ['train', join(ROOT, 'examples/planar.nn'), '--data', join(ROOT, 'examples/data/planar_flower.csv'), '--label', 'y', '--backend', 'ts', '--iterations', '3000'];
  const run = spawnSync('python3', [PTY, String(columns), String(columns === 0 ? 0 : 24), 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), process.execPath, BIN, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  // eslint-disable-next-line no-control-regex
  const text = run.stdout.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  return { code: run.status, segments: text.split(/\r\n|\r|\n/).filter((s) => s !== '') };
}

const STATUS = /(\d+)\/3000 (?:it \| cost (\S+) \| (\S+) it\/s \| ETA (\S+)|(\S+) (\S+)\/s (\S+))$/;

describe.skipIf(!hasPython)('the status line on a terminal', () => {
  it.each([
    [40, {}],
    [72, {}],
    [100, {}],
    [200, {}],
    [0, { COLUMNS: '50' }],
    [0, { COLUMNS: '120' }],
  ] as const)('fits %d columns (env %o), keeping iteration, cost, rate and ETA', (columns, env) => {
    const width = columns || Number(env.COLUMNS);
    const { code, segments } = inTerminal(columns, env);
    expect(code).toBe(0);
    const statuses = segments.filter((s) => STATUS.test(s));
    expect(statuses.length).toBeGreaterThan(2);
    for (const status of statuses) {
      expect([...status].length).toBeLessThanOrEqual(width - 1);
      expect(status).not.toMatch(/NaN|NF|undefined|Infinity/);
      const [, iteration, cost, rate, eta, bareCost, bareRate, bareEta] = STATUS.exec(status) ?? [];
      expect(Number(iteration)).toBeLessThanOrEqual(3000);
      expect(cost ?? bareCost).toMatch(/^(\d\.\d{6}|-)$/);
      expect(rate ?? bareRate).toMatch(/^(\d+(\.\d+)?|-)$/);
      expect(eta ?? bareEta).toMatch(/^(\d+s|\d+m\d\ds|\d+h\d\dm|-)$/);
    }
    // the bar where there is room for it (8 to 40 cells), none where there is not
    const bars = statuses.map((s) => /^[\u2588\u2591]*/.exec(s)?.[0].length ?? 0);
    if (width >= 72) bars.forEach((bar) => expect(bar).toBeGreaterThanOrEqual(8));
    if (width <= 50) bars.forEach((bar) => expect(bar).toBe(0));
    if (width >= 100) expect(Math.max(...bars)).toBe(40);
    // the labels go only when even the figures do not fit
    if (width >= 60) statuses.forEach((s) => expect(s).toMatch(/ it\/s \| ETA /));
    // report lines and the summary print as in a pipe
    expect(segments).toContain('iteration    0  cost 0.693048');
    expect(segments).toContain('iteration 1000  cost 0.288083');
    expect(segments.some((s) => /^trained 3000 iterations in /.test(s))).toBe(true);
  }, 120_000);
});
