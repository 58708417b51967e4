/** One kept point of an {@link OrderSample}. */
export interface OrderPoint {
  /** Position in arrival order, from 0. */
  ordinal: number;
  x: number;
  y: number;
}

/**
 * A systematic sample of a stream in arrival order, in bounded memory: it keeps every point until
 * `capacity`, then every 2nd, every 4th, ... arriving point, so the kept points stay evenly spread over
 * the whole stream (a trend over them is a trend over the stream). Exact while the stream is short.
 */
export class OrderSample {
  /** Points seen so far. */
  seen = 0;
  /** One point kept per `stride` arriving. */
  stride = 1;
  private readonly capacity: number;
  private ordinals: number[] = [];
  private xs: number[] = [];
  private ys: number[] = [];

  /** @param capacity most points kept at once (even, >= 2) @default 1024 */
  constructor(capacity = 1024) {
    if (!Number.isInteger(capacity) || capacity < 2 || capacity % 2 !== 0) {
      throw new RangeError(`OrderSample: capacity must be an even whole number >= 2, got ${capacity}`);
    }
    this.capacity = capacity;
  }

  add(x: number, y: number): void {
    const ordinal = this.seen++;
    if (ordinal % this.stride !== 0) return;
    this.ordinals.push(ordinal);
    this.xs.push(x);
    this.ys.push(y);
    if (this.ordinals.length >= this.capacity) {
      const keep = (_: number, i: number) => i % 2 === 0;
      this.ordinals = this.ordinals.filter(keep);
      this.xs = this.xs.filter(keep);
      this.ys = this.ys.filter(keep);
      this.stride *= 2;
    }
  }

  /** The kept points, in arrival order. */
  points(): OrderPoint[] {
    return this.ordinals.map((ordinal, i) => ({ ordinal, x: this.xs[i]!, y: this.ys[i]! }));
  }
}
