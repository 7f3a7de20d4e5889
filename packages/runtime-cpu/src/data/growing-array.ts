/** A typed array that grows as values are pushed (doubling), for loaders that do not know m ahead. */
type TypedArray = Float64Array | Int32Array;
type TypedArrayOf<T extends TypedArray> = T extends Float64Array ? Float64Array : Int32Array;

export class GrowingArray<T extends TypedArray> {
  private data: T;
  private used = 0;

  constructor(
    private readonly type: { new (length: number): T },
    capacity = 1024,
  ) {
    this.data = new type(capacity);
  }

  get length(): number {
    return this.used;
  }

  push(value: number): void {
    if (this.used === this.data.length) {
      const larger = new this.type(this.data.length * 2);
      larger.set(this.data);
      this.data = larger;
    }
    this.data[this.used++] = value;
  }

  /** The values pushed, without copying (valid until the next push). */
  view(): TypedArrayOf<T> {
    return this.data.subarray(0, this.used) as TypedArrayOf<T>;
  }

  /** The values pushed, in an array of exactly that length. */
  toArray(): TypedArrayOf<T> {
    return this.data.slice(0, this.used) as TypedArrayOf<T>;
  }
}
