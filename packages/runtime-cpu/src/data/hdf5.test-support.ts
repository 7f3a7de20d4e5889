/** Small HDF5 files in the course's layout, written with h5wasm, for the tests of the HDF5 loader. */
import h5wasm from 'h5wasm/node';

export interface CourseLikeFile {
  /** (m, rows, cols, 3) uint8, C order. */
  readonly pixels: Uint8Array;
  readonly labels: number[];
  readonly shape: readonly [number, number, number, number];
}

/** A file with `train_set_x`, `train_set_y` (int64) and `list_classes`, as train_catvnoncat.h5. */
export async function writeCourseLikeFile(path: string, m = 5, rows = 4, cols = 3, prefix = 'train'): Promise<CourseLikeFile> {
  await h5wasm.ready;
  const pixels = Uint8Array.from({ length: m * rows * cols * 3 }, (_, k) => (k * 37 + 11) % 256);
  const labels = Array.from({ length: m }, (_, j) => (j * 3 + 1) % 2);
  const file = new h5wasm.File(path, 'w');
  try {
    file.create_dataset({ name: `${prefix}_set_x`, data: pixels, shape: [m, rows, cols, 3], dtype: '<B' });
    file.create_dataset({ name: `${prefix}_set_y`, data: BigInt64Array.from(labels, BigInt), shape: [m], dtype: '<q' });
    file.create_dataset({ name: 'list_classes', data: ['non-cat', 'cat'], shape: [2], dtype: 'S7' });
    const extra = file.create_group('extra');
    extra.create_dataset({ name: 'floats', data: new Float32Array([0.5, Number.NaN]), shape: [2], dtype: '<f' });
  } finally {
    file.close();
  }
  return { pixels, labels, shape: [m, rows, cols, 3] };
}
