import { formatDuration, toMilliseconds } from "../duration.ts";

/**
 * A k6 duration multiplied by `scale` (rounded to whole milliseconds, at least 1ms): how the ready
 * scripts shrink their plans with `-e SCALE=0.01` so a test runs in seconds.
 * @example scaleDuration("5m", 0.01) // "3s"
 */
export function scaleDuration(value: string, scale: number): string {
  if (typeof scale !== "number" || !Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`scaleDuration(): \`scale\` must be a number > 0, got ${JSON.stringify(scale)}`);
  }
  const ms = toMilliseconds(value, "scaleDuration(): `value`");
  if (scale === 1 || ms === 0) return value;
  return formatDuration(Math.max(1, Math.round(ms * scale)));
}
