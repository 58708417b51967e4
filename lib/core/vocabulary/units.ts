// Units and how loadgate prints them: the one home of milliseconds, shares and counts in words.

/** How a figure is shown: milliseconds, a share 0..1, or a plain number. */
export type Unit = "ms" | "share" | "count";

/** The unit of `stat` on a metric of k6 `type` holding `contains` (k6's `time`, `data` or `default`). */
export function unitOf(type: string | undefined, contains: string | undefined, stat: string): Unit {
  if (type === "trend" && contains === "time" && stat !== "count") return "ms";
  if (type === "rate") return "share";
  return "count";
}

/** Milliseconds in k6's style: `850µs`, `60.87ms`, `1.25s`; `-` when absent. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return "-";
  if (ms === 0) return "0s";
  if (Math.abs(ms) < 1) return `${(ms * 1000).toFixed(0)}µs`;
  if (Math.abs(ms) < 1000) return `${ms.toFixed(2)}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}

/** Milliseconds with a fixed number of decimals: `233.6ms`; `-` when absent. */
export function formatMsFixed(ms: number | undefined, digits: number): string {
  return ms === undefined ? "-" : `${ms.toFixed(digits)}ms`;
}

/** Milliseconds for prose, with a space before the unit: `1.25 s`, `312 ms`, `42.5 ms`; `n/a` when not finite. */
export function formatMsProse(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)} ms`;
}

/** A share 0..1 as a percentage: `12.50%` (`digits` decimals). */
export function formatShare(share: number, digits = 2): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/** A value with its unit, for sentences and tables: `512.30ms`, `1.25s`, `12.50%`, `42`; `-` when absent. */
export function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined || Number.isNaN(value)) return "-";
  if (unit === "ms") return formatMs(value);
  if (unit === "share") return formatShare(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
