/**
 * What `npm run bench` makes of the contenders' raw results: per workload, the median ms per
 * step, GFLOP/s from the analytic FLOP count, the time ratios to numpy f32 and to TensorFlow.js
 * wasm, peak memory and the cost agreement; then the Markdown tables.
 */
import { checkAgreement, median } from './agreement.mjs';
import { BASELINES } from './contenders.mjs';
import { stepFlops } from './flops.mjs';

/**
 * @param {{ name: string, description: string, sizes: number[], m: number }} workload
 * @param {{ contender: import('./contenders.mjs').Contender, result?: any, error?: string, skipped?: string }[]} runs
 */
export function summarizeWorkload(workload, runs, compiled = []) {
  const flops = stepFlops(workload.sizes, workload.m);
  const finished = runs.filter((r) => r.result !== undefined);
  const agreement = checkAgreement(finished.map((r) => ({ id: r.contender.id, precision: r.contender.precision, finalCost: r.result.finalCost })));
  const medians = new Map(finished.map((r) => [r.contender.id, median(r.result.msPerStep)]));
  const ratio = (id, to) => (medians.has(to) ? medians.get(id) / medians.get(to) : null);
  const rows = runs.map((r) => {
    const { contender } = r;
    if (r.result === undefined) return { id: contender.id, label: contender.label, precision: contender.precision, error: r.error ?? null, skipped: r.skipped ?? null };
    const ms = medians.get(contender.id);
    const check = agreement.rows.find((a) => a.id === contender.id);
    return {
      id: contender.id,
      label: contender.label,
      precision: contender.precision,
      device: r.result.device,
      medianMs: ms,
      minMs: Math.min(...r.result.msPerStep),
      maxMs: Math.max(...r.result.msPerStep),
      msPerStep: r.result.msPerStep,
      gflops: flops.total / (ms * 1e6),
      vsNumpyF32: ratio(contender.id, BASELINES.numpy),
      vsTfjsWasm: ratio(contender.id, BASELINES.tfjsWasm),
      maxRssBytes: r.result.maxRssBytes,
      rssBeforeTraining: r.result.rssBeforeTraining,
      finalCost: r.result.finalCost,
      relativeToReference: check.relative,
      tolerance: check.tolerance,
      agrees: check.ok,
      loadMs: r.result.loadMs ?? null,
      roundCosts: r.result.roundCosts ?? [r.result.finalCost],
    };
  });
  const failed = rows.filter((r) => r.error !== undefined && r.error !== null).length;
  return {
    name: workload.name,
    description: workload.description,
    m: workload.m,
    flops,
    reference: agreement.reference,
    referenceFrom: agreement.referenceFrom,
    ok: agreement.ok && failed === 0,
    rows,
    compiled: compiled.map((c) => {
      const load = (id) => rows.find((r) => r.id === id)?.loadMs ?? null;
      const loadMs = [load(`nnc-${c.kind}-${c.precision}`), load(`nnc-${c.kind}-threads-${c.precision}`)];
      return { ...c, loadMs };
    }),
  };
}

/**
 * One run per contender out of its runs in several rounds (run.mjs --rounds): the timed samples of
 * every round together (the rounds interleave the contenders, so that a slow spell of the machine
 * falls on all of them rather than on whoever ran then), the peak memory of the worst round, the
 * load time of the first. The cost must come out the same in every round (each round trains from
 * the same data and weights); where it does not, the cost farthest from the first round's stands
 * for the contender, so that the agreement check judges the worst one, and `roundCosts` lists all.
 * A contender that failed or was skipped in any round counts as such.
 *
 * @param {{ contender: import('./contenders.mjs').Contender, result?: any, error?: string, skipped?: string }[][]} rounds
 *   rounds[r][c]: round r's run of contender c (the same contender order in every round)
 */
export function mergeRounds(rounds) {
  return rounds[0].map((first, c) => {
    const runs = rounds.map((round) => round[c]);
    const bad = runs.find((r) => r.result === undefined);
    if (bad !== undefined) return bad;
    const results = runs.map((r) => r.result);
    const costs = results.map((r) => r.finalCost);
    const worst = costs.reduce((a, b) => (Math.abs(b - costs[0]) > Math.abs(a - costs[0]) || Number.isNaN(b) ? b : a), costs[0]);
    return {
      contender: first.contender,
      result: {
        ...results[0],
        msPerStep: results.flatMap((r) => r.msPerStep),
        maxRssBytes: Math.max(...results.map((r) => r.maxRssBytes)),
        finalCost: worst,
        roundCosts: costs,
      },
    };
  });
}

const fixed = (x, digits) => (x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits));
/** Milliseconds with three significant digits (0.0281, 1.23, 117, 2390). */
const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));
const ratio = (x) => (x === null ? '-' : x >= 10 ? `${x.toFixed(0)}x` : `${x.toPrecision(2)}x`);
const mb = (bytes) => fixed(bytes / 2 ** 20, 0);

function table(headers, lines) {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...lines.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');
}

/** The two Markdown tables: training steps, then the nnc targets' compile time and size. */
export function markdown(summaries) {
  const steps = [];
  for (const w of summaries) {
    for (const r of w.rows) {
      if (r.medianMs === undefined) {
        steps.push([w.description, r.label, r.skipped ? `skipped: ${r.skipped}` : `**FAILED**: ${r.error}`, '', '', '', '', '', '', '']);
        continue;
      }
      steps.push([
        w.description,
        r.label,
        ms(r.medianMs),
        `${ms(r.minMs)}-${ms(r.maxMs)}`,
        fixed(r.gflops, r.gflops >= 10 ? 1 : 2),
        ratio(r.vsNumpyF32),
        ratio(r.vsTfjsWasm),
        `${mb(r.maxRssBytes)} (${mb(r.rssBeforeTraining)})`,
        r.finalCost.toPrecision(10),
        r.agrees ? `yes (${r.relativeToReference.toExponential(0)})` : `**NO: ${Number.isFinite(r.relativeToReference) ? r.relativeToReference.toExponential(1) : 'not finite'} > ${r.tolerance}**`,
      ]);
    }
  }
  const compiled = summaries.flatMap((w) =>
    w.compiled.map((c) => [
      w.description,
      `${c.kind === 'ts' ? 'TS' : 'wasm'} ${c.precision}`,
      fixed(c.compileMs, 0),
      c.loadMs.map((x) => fixed(x, 0)).join(' / '),
      fixed(c.generatedBytes / 1024, 1),
      c.wasmBytes === null ? '-' : `${fixed(c.wasmBytes.plain / 1024, 1)} / ${fixed(c.wasmBytes.fma / 1024, 1)}`,
    ]),
  );
  return [
    table(['workload', 'contender', 'ms / step (median)', 'min-max', 'GFLOP/s', 'time / numpy f32', 'time / tfjs wasm', 'peak RSS MB (at start of training)', 'final cost', 'cost agrees (rel. diff.)'], steps),
    '',
    table(['workload', 'nnc target', 'compile ms', 'load ms', 'generated module KB', 'wasm binary KB (mul+add / fma)'], compiled),
  ].join('\n');
}
