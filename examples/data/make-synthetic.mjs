#!/usr/bin/env node
/**
 * Writes the two synthetic data sets of examples/data (see README.md there):
 *
 *   three_species.csv  300 flowers, 100 of each species, for examples/softmax.nn
 *   house_prices.csv   500 houses, for examples/regression.nn
 *
 * Run from anywhere: `node examples/data/make-synthetic.mjs`. Plain Node, no dependencies; the
 * numbers come from a seeded PRNG defined here (mulberry32, normals by Box-Muller), so the output
 * is the same byte for byte on every machine and Node version. Rerunning it reproduces the
 * committed files exactly; change SEED to draw a different sample.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SEED = 20261129;

/** mulberry32: a small 32-bit PRNG; uniform() is in [0, 1). */
function makeRandom(seed) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** A standard normal by Box-Muller (one of the pair; simple rather than fast). */
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** Fisher-Yates, in place. */
function shuffle(rows, random) {
  for (let i = rows.length - 1; i > 0; i--) {
    const k = Math.floor(random.uniform() * (i + 1));
    [rows[i], rows[k]] = [rows[k], rows[i]];
  }
  return rows;
}

/**
 * Iris-like flowers: per species, each measurement is normal around the species mean of Fisher's
 * iris data with its standard deviation, the four sharing a within-flower "size" factor
 * (correlation RHO), in cm to one decimal. Setosa stands apart; versicolor and virginica overlap a
 * little in every feature, so a good classifier gets most but not all of them right.
 */
function threeSpecies(random) {
  const RHO = 0.5;
  const features = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
  const species = {
    setosa: { mean: [5.01, 3.43, 1.46, 0.25], std: [0.35, 0.38, 0.17, 0.11] },
    versicolor: { mean: [5.94, 2.77, 4.26, 1.33], std: [0.52, 0.31, 0.47, 0.2] },
    virginica: { mean: [6.59, 2.97, 5.55, 2.03], std: [0.64, 0.32, 0.55, 0.27] },
  };
  const rows = [];
  for (const [name, { mean, std }] of Object.entries(species)) {
    for (let n = 0; n < 100; n++) {
      const size = random.normal();
      const values = mean.map((mu, i) => mu + std[i] * (RHO * size + Math.sqrt(1 - RHO * RHO) * random.normal()));
      rows.push([...values.map((v) => Math.max(0.1, v).toFixed(1)), name]);
    }
  }
  return [[...features, 'species'], ...shuffle(rows, random)];
}

/**
 * Houses: eight features on scales from 1 to thousands, and a price in units of $100,000 (as in
 * the California housing data, so that the unscaled target suits a linear output with MSE):
 *
 *   price = 1.5 + 1.6 ln(area/50) (1 + 0.3 tanh((income - 60)/30)) + 0.9 tanh((income - 60)/30)
 *         + 2 exp(-distance/5) - 0.03 age + 0.0003 age^2 + 0.25 sqrt(lot/100)
 *         + 0.08 school - 0.35 ln(1 + crime) + 0.05 bedrooms + noise,   noise ~ N(0, 0.25^2)
 *
 * smooth and nonlinear (logs, a saturating income effect and its interaction with area, a decay
 * with distance, a U in age), so the best possible RMSE is about 0.25; a linear least-squares
 * fit leaves about 0.55.
 */
function housePrices(random) {
  const NOISE = 0.25;
  const features = ['area_m2', 'bedrooms', 'age_years', 'distance_km', 'lot_m2', 'income_k', 'crime_rate', 'school_score'];
  const rows = [];
  for (let n = 0; n < 500; n++) {
    const area = Math.min(250, Math.max(40, 110 * Math.exp(0.35 * random.normal())));
    const bedrooms = Math.min(6, Math.max(1, Math.round(area / 40 + 0.7 * random.normal())));
    const age = 100 * random.uniform();
    const distance = 0.5 + 39.5 * random.uniform() ** 2;
    const lot = Math.min(2000, Math.max(100, 500 * Math.exp(0.6 * random.normal())));
    const income = Math.min(150, Math.max(20, 65 + 22 * random.normal()));
    const crime = 10 * random.uniform() ** 2;
    const school = Math.min(10, Math.max(1, 6 + 1.8 * random.normal()));
    const wealth = Math.tanh((income - 60) / 30);
    const price =
      1.5 + 1.6 * Math.log(area / 50) * (1 + 0.3 * wealth) + 0.9 * wealth + 2 * Math.exp(-distance / 5) -
      0.03 * age + 0.0003 * age * age + 0.25 * Math.sqrt(lot / 100) + 0.08 * school -
      0.35 * Math.log1p(crime) + 0.05 * bedrooms + NOISE * random.normal();
    rows.push([
      area.toFixed(1), String(bedrooms), age.toFixed(0), distance.toFixed(2), lot.toFixed(0),
      income.toFixed(1), crime.toFixed(2), school.toFixed(1), price.toFixed(3),
    ]);
  }
  return [[...features, 'price'], ...rows];
}

/** Writes the rows as CSV next to this script, through a temporary file and a rename. */
function writeCsv(name, rows) {
  const path = fileURLToPath(new URL(name, import.meta.url));
  writeFileSync(`${path}.tmp`, `${rows.map((row) => row.join(',')).join('\n')}\n`);
  renameSync(`${path}.tmp`, path);
  process.stdout.write(`wrote ${rows.length - 1} rows to ${path}\n`);
}

writeCsv('three_species.csv', threeSpecies(makeRandom(SEED)));
writeCsv('house_prices.csv', housePrices(makeRandom(SEED + 1)));
