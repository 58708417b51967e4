// Failed requests counted by kind: k6 tags every failed http sample with `error_code` (its own
// network codes, or 1000 + the HTTP status for answers >= 400; see k6's lib/netext/httpext/error_codes.go).
import { COUNTED_ERROR_CODES, ERROR_KIND_SUB_METRICS, errorKindLabel, errorKindSubMetric } from "../vocabulary/error-codes.ts";
import type { MetricValues } from "../vocabulary/summary-data.ts";

/** Failed requests of one kind. */
export interface ErrorKind {
  /** k6's `error_code` tag: a network code (1212) or 1000 + the HTTP status (1503). */
  code: number;
  /** `status 503`, or k6's meaning and code: `connection refused (1212)`. */
  label: string;
  count: number;
}

/** The failure kinds a run's summary metrics count, most frequent first; empty when none were declared. */
export function errorKinds(metrics: Readonly<Record<string, MetricValues>>): ErrorKind[] {
  const kinds: ErrorKind[] = [];
  for (const code of COUNTED_ERROR_CODES) {
    const count = metrics[errorKindSubMetric(code)]?.values["count"] ?? 0;
    if (count > 0) kinds.push({ code, label: errorKindLabel(code), count });
  }
  return kinds.sort((a, b) => b.count - a.count || a.code - b.code);
}

/**
 * Failures in words: `30 × status 503`, `12 × request timeout (1050), 3 × other`. The rest of
 * `failures` that no counted kind explains is called "other" (an uncounted status, or a request
 * failed by a custom `responseCallback`).
 */
export function describeErrorKinds(kinds: readonly ErrorKind[], failures: number): string {
  const parts = kinds.map((kind) => `${kind.count} × ${kind.label}`);
  const counted = kinds.reduce((sum, kind) => sum + kind.count, 0);
  if (failures > counted) parts.push(`${failures - counted} × other`);
  return parts.join(", ");
}

/** Whether the summary declared the error-kind sub-metrics (so a missing kind means zero, not unknown). */
export function countsErrorKinds(metrics: Readonly<Record<string, MetricValues>>): boolean {
  return ERROR_KIND_SUB_METRICS.some((key) => key in metrics);
}
