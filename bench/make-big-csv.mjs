// Writes a synthetic binary classification CSV of about the given size, for the streaming
// measurement (docs/robustness.md): `node bench/make-big-csv.mjs /tmp/big.csv 2000 [features]`
// writes about 2000 MB with `features` columns x1..xn (default 20) and a label y, the sign of a
// fixed random linear function of the features plus noise. Deterministic (a 32-bit LCG).
import { createWriteStream } from 'node:fs';

const [path, megabytes = '100', featureText = '20'] = process.argv.slice(2);
if (!path) {
  console.error('usage: node bench/make-big-csv.mjs <out.csv> <megabytes> [features]');
  process.exit(2);
}
const features = Number(featureText);
const target = Number(megabytes) * 1e6;
let state = 12345;
const uniform = () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 4294967296;
};
const weights = Array.from({ length: features }, () => uniform() * 2 - 1);
const out = createWriteStream(path);
out.write(`${[...weights.map((_, i) => `x${i + 1}`), 'y'].join(',')}\n`);
let written = 0;
let rows = 0;
function more() {
  while (written < target) {
    const lines = [];
    for (let k = 0; k < 1000; k++) {
      const x = weights.map(() => uniform() * 4 - 2);
      const score = x.reduce((sum, v, i) => sum + v * weights[i], 0) + (uniform() - 0.5);
      lines.push(`${x.map((v) => v.toFixed(5)).join(',')},${score > 0 ? 1 : 0}\n`);
    }
    const chunk = lines.join('');
    written += chunk.length;
    rows += 1000;
    if (!out.write(chunk)) return out.once('drain', more);
  }
  out.end(() => console.log(`wrote ${rows} rows, ${(written / 1e6).toFixed(0)} MB to ${path}`));
}
more();
