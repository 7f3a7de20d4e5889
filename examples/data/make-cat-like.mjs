// Synthetic "cat / non-cat" images in the layout of the course's train_catvnoncat.h5 and
// test_catvnoncat.h5 (which are not bundled): datasets train_set_x (209, 64, 64, 3) uint8,
// train_set_y (209,) int64, list_classes [b'non-cat', b'cat'] (and test_set_x / test_set_y, 50
// images). Deterministic: a seeded PRNG of its own and integer pixel values, so every machine
// writes the same pixels.
//
//   node examples/data/make-cat-like.mjs [directory]   (default: examples/data)
//
// writes train_catlike.h5 and test_catlike.h5 there. Each image is a background (a two-colour
// gradient, random colours) with pixel noise and one object at a random place and size:
//   cat (y = 1): a round head in a fur colour (orange, brown, grey, black or cream), two
//                triangular ears on top, two eyes; sometimes one ear is hidden (partial view);
//   non-cat (y = 0): a disc, a rectangle or a triangle in any colour, or nothing; some non-cats are
//                round and fur-coloured (a ball, an orange), some have "ears" (a house roof),
//                so that no single feature gives the class away.
// The class balance follows the course (72 cats of 209 for training, 33 of 50 for testing).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';

const SIZE = 64;

/** mulberry32: a small 32-bit PRNG, the same stream on every machine. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUR = [
  [214, 124, 52], // orange
  [120, 80, 50], // brown
  [128, 128, 132], // grey
  [35, 32, 30], // black
  [230, 214, 180], // cream
];

function makeImage(random, cat) {
  const pixels = new Uint8Array(SIZE * SIZE * 3);
  const between = (lo, hi) => lo + (hi - lo) * random();
  const colour = () => [between(0, 255), between(0, 255), between(0, 255)];
  const [top, bottom] = [colour(), colour()];
  const noise = between(8, 30);
  const canvas = new Float64Array(SIZE * SIZE * 3);
  for (let r = 0; r < SIZE; r++) {
    for (let c = 0; c < SIZE; c++) {
      for (let k = 0; k < 3; k++) canvas[(r * SIZE + c) * 3 + k] = top[k] + ((bottom[k] - top[k]) * r) / (SIZE - 1);
    }
  }
  const paint = (inside, rgb) => {
    for (let r = 0; r < SIZE; r++) {
      for (let c = 0; c < SIZE; c++) if (inside(r, c)) for (let k = 0; k < 3; k++) canvas[(r * SIZE + c) * 3 + k] = rgb[k];
    }
  };
  const disc = (cr, cc, radius) => (r, c) => (r - cr) * (r - cr) + (c - cc) * (c - cc) <= radius * radius;
  // An upward triangle with its apex at (ar, ac), half-width w at its base `height` rows lower.
  const triangle = (ar, ac, height, w) => (r, c) => r >= ar && r <= ar + height && Math.abs(c - ac) <= ((r - ar) / height) * w;
  // Cats sit near the middle of the picture (as in most photos of a cat), other objects anywhere.
  const radius = cat ? between(12, 18) : between(9, 18);
  const [cr, cc] = cat
    ? [between(30, 42), between(26, 38)]
    : [between(radius + 12, SIZE - radius - 2), between(radius + 2, SIZE - radius - 2)];
  const shade = (rgb, amount) => rgb.map((v) => Math.min(255, Math.max(0, v + amount)));
  if (cat) {
    const fur = shade(FUR[Math.floor(random() * FUR.length)], between(-25, 25));
    const earHeight = radius * between(0.6, 0.9);
    const earWidth = radius * between(0.35, 0.5);
    const hidden = random() < 0.25 ? Math.floor(random() * 2) : -1;
    for (const side of [0, 1]) {
      if (side === hidden) continue;
      const ac = cc + (side === 0 ? -1 : 1) * radius * 0.6;
      paint(triangle(cr - radius - earHeight * 0.5, ac, earHeight, earWidth), fur);
    }
    paint(disc(cr, cc, radius), fur);
    const eye = random() < 0.5 ? [40, 160, 60] : [200, 170, 40];
    for (const side of [-1, 1]) paint(disc(cr - radius * 0.2, cc + side * radius * 0.4, Math.max(1.5, radius * 0.13)), eye);
  } else {
    const kind = random();
    const rgb = random() < 0.3 ? shade(FUR[Math.floor(random() * FUR.length)], between(-25, 25)) : colour();
    if (kind < 0.35) paint(disc(cr, cc, radius), rgb);
    else if (kind < 0.6) {
      const [h, w] = [between(8, 26), between(8, 26)];
      paint((r, c) => Math.abs(r - cr) <= h && Math.abs(c - cc) <= w, rgb);
    } else if (kind < 0.85) {
      // a house: a wall with a roof, whose corners look a little like ears
      const w = radius;
      paint((r, c) => r >= cr - w * 0.3 && r <= cr + w && Math.abs(c - cc) <= w, rgb);
      paint(triangle(cr - w * 1.3, cc, w, w * 1.1), shade(rgb, -60));
    }
  }
  for (let k = 0; k < canvas.length; k++) pixels[k] = Math.min(255, Math.max(0, Math.round(canvas[k] + noise * (random() + random() + random() - 1.5))));
  return pixels;
}

/** `count` images of which `cats` are cats, in a shuffled order. */
function makeSet(seed, count, cats) {
  const random = prng(seed);
  const labels = Array.from({ length: count }, (_, j) => (j < cats ? 1 : 0));
  for (let j = count - 1; j > 0; j--) {
    const k = Math.floor(random() * (j + 1));
    [labels[j], labels[k]] = [labels[k], labels[j]];
  }
  const x = new Uint8Array(count * SIZE * SIZE * 3);
  labels.forEach((label, j) => x.set(makeImage(random, label === 1), j * SIZE * SIZE * 3));
  return { x, y: BigInt64Array.from(labels, (label) => BigInt(label)) };
}

async function write(path, prefix, set) {
  const file = new h5wasm.File(path, 'w');
  try {
    const m = set.y.length;
    file.create_dataset({ name: `${prefix}_set_x`, data: set.x, shape: [m, SIZE, SIZE, 3], dtype: '<B' });
    file.create_dataset({ name: `${prefix}_set_y`, data: set.y, shape: [m], dtype: '<q' });
    file.create_dataset({ name: 'list_classes', data: ['non-cat', 'cat'], shape: [2], dtype: 'S7' });
  } finally {
    file.close();
  }
}

const directory = process.argv[2] ?? new URL('.', import.meta.url).pathname;
mkdirSync(directory, { recursive: true });
await h5wasm.ready;
await write(join(directory, 'train_catlike.h5'), 'train', makeSet(1, 209, 72));
await write(join(directory, 'test_catlike.h5'), 'test', makeSet(2, 50, 33));
console.log(`wrote ${join(directory, 'train_catlike.h5')} (209 images) and ${join(directory, 'test_catlike.h5')} (50 images)`);
