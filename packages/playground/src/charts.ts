/**
 * The two pictures: the cost against iterations (training and held-out, log scale on neither
 * axis), and for two-feature data the model's output over the plane with the training points.
 * Both are canvases with a text alternative kept up to date in their aria-label.
 */
import type { FloatArray } from '@nnc/compiler';
import type { BoundaryGrid, Examples } from './prepare-data.js';
import type { Progress } from './training/train-loop.js';

const TRAIN_COLOUR = '#0b5cad';
const HELD_OUT_COLOUR = '#b35900';

function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ratio = window.devicePixelRatio || 1;
  const { width, height } = canvas.getBoundingClientRect();
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.max(1, Math.round(height * ratio));
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

export function drawCosts(canvas: HTMLCanvasElement, history: readonly Progress[]): void {
  const ctx = context(canvas);
  const { width, height } = canvas.getBoundingClientRect();
  ctx.clearRect(0, 0, width, height);
  const left = 56;
  const bottom = height - 28;
  const top = 12;
  const right = width - 12;
  ctx.strokeStyle = '#57606a';
  ctx.fillStyle = '#1f2328';
  ctx.font = '12px system-ui, sans-serif';
  ctx.beginPath();
  ctx.moveTo(left, top);
  ctx.lineTo(left, bottom);
  ctx.lineTo(right, bottom);
  ctx.stroke();
  if (history.length === 0) {
    ctx.fillText('the cost appears here while training', left + 8, (top + bottom) / 2);
    canvas.setAttribute('aria-label', 'cost chart: no training yet');
    return;
  }
  const values = history.flatMap((p) => (p.heldOut === null ? [p.cost] : [p.cost, p.heldOut])).filter(Number.isFinite);
  const hi = Math.max(...values);
  const lo = Math.min(0, ...values);
  const last = history[history.length - 1];
  const first = history[0].iteration;
  const span = Math.max(1, last.iteration - first);
  const x = (iteration: number) => left + ((iteration - first) / span) * (right - left);
  const y = (cost: number) => bottom - ((cost - lo) / (hi - lo || 1)) * (bottom - top);
  ctx.fillText(hi.toPrecision(3), 4, top + 8);
  ctx.fillText(lo.toPrecision(3), 4, bottom);
  ctx.fillText(String(first), left, bottom + 16);
  ctx.textAlign = 'right';
  ctx.fillText(`iteration ${last.iteration}`, right, bottom + 16);
  ctx.textAlign = 'left';
  const line = (pick: (p: Progress) => number | null, colour: string, dash: number[]) => {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.setLineDash(dash);
    ctx.beginPath();
    history.forEach((p, k) => {
      const v = pick(p);
      if (v === null || !Number.isFinite(v)) return;
      if (k === 0) ctx.moveTo(x(p.iteration), y(v));
      else ctx.lineTo(x(p.iteration), y(v));
    });
    ctx.stroke();
    ctx.setLineDash([]);
  };
  line((p) => p.cost, TRAIN_COLOUR, []);
  line((p) => p.heldOut, HELD_OUT_COLOUR, [6, 4]);
  const held = last.heldOut === null ? '' : `, held-out ${last.heldOut.toFixed(6)}`;
  canvas.setAttribute('aria-label', `cost chart: iteration ${last.iteration}, training cost ${last.cost.toFixed(6)}${held}`);
}

/**
 * The plane coloured by the model's output (one output: the probability of class 1 from blue to
 * orange; several: the arg-max class), and the training points on top.
 */
export function drawBoundary(canvas: HTMLCanvasElement, grid: BoundaryGrid, points: Examples, outputs: FloatArray | null, iteration: number): void {
  const ctx = context(canvas);
  const { width, height } = canvas.getBoundingClientRect();
  ctx.clearRect(0, 0, width, height);
  const n = grid.size * grid.size;
  const classes = outputs === null ? 0 : outputs.length / n;
  const palette = [
    [11, 92, 173],
    [230, 120, 20],
    [40, 150, 70],
    [150, 60, 160],
  ];
  if (outputs !== null) {
    const image = ctx.createImageData(grid.size, grid.size);
    for (let j = 0; j < n; j++) {
      let colour: number[];
      if (classes === 1) {
        const p = Math.min(1, Math.max(0, outputs[j]));
        colour = palette[0].map((c, i) => c + p * (palette[1][i] - c));
      } else {
        let best = 0;
        for (let k = 1; k < classes; k++) if (outputs[k * n + j] > outputs[best * n + j]) best = k;
        colour = palette[best % palette.length];
      }
      image.data.set([colour[0], colour[1], colour[2], 90], 4 * j);
    }
    const off = document.createElement('canvas');
    off.width = grid.size;
    off.height = grid.size;
    off.getContext('2d')!.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, width, height);
  }
  const { m } = points;
  const ny = points.Y.length / m;
  for (let j = 0; j < m; j++) {
    const px = ((points.X[j] - grid.x1[0]) / (grid.x1[1] - grid.x1[0])) * width;
    const py = ((grid.x2[1] - points.X[m + j]) / (grid.x2[1] - grid.x2[0])) * height;
    let label = 0;
    if (ny === 1) label = points.Y[j] > 0.5 ? 1 : 0;
    else for (let k = 1; k < ny; k++) if (points.Y[k * m + j] > points.Y[label * m + j]) label = k;
    const c = palette[label % palette.length];
    ctx.fillStyle = `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
    ctx.strokeStyle = '#ffffff';
    ctx.beginPath();
    ctx.arc(px, py, 3, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  canvas.setAttribute('aria-label', outputs === null ? `the ${m} training points` : `decision boundary at iteration ${iteration} over the ${m} training points`);
}
