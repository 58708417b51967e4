import { formatDuration, toMilliseconds } from "../vocabulary/duration.ts";

/**
 * A k6 duration multiplied by `scale`, rounded to whole milliseconds and never below `min` (at
 * least 1ms): how the ready scripts shrink their runs with `-e SCALE=0.01` so a test takes seconds.
 * Pass `min: "1s"` for durations k6 requires to be at least 1s (`duration` of constant executors,
 * `maxDuration`).
 * @example scaleDuration("5m", 0.01) // "3s"
 */
export function scaleDuration(value: string, scale: number, min = "1ms"): string {
  if (typeof scale !== "number" || !Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`scaleDuration(): \`scale\` must be a number > 0, got ${JSON.stringify(scale)}`);
  }
  const ms = toMilliseconds(value, "scaleDuration(): `value`");
  const minMs = toMilliseconds(min, "scaleDuration(): `min`");
  if (scale === 1 || ms === 0) return value;
  return formatDuration(Math.max(1, minMs, Math.round(ms * scale)));
}
