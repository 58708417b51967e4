import { describe, expect, it } from "vitest";
import { verdictOf } from "../../../helpers/summary-fixtures.ts";
import { describeErrorKinds, errorKinds } from "../../../../lib/core/verdict/error-kinds.ts";
import { ERROR_KIND_SUB_METRICS, errorKindLabel } from "../../../../lib/core/vocabulary/error-codes.ts";
import type { SummaryData, SummaryMetric } from "../../../../lib/core/vocabulary/summary-data.ts";

const counter = (count: number): SummaryMetric => ({ type: "counter", contains: "default", values: { count, rate: count } });
const rate = (passes: number, fails: number): SummaryMetric => ({ type: "rate", contains: "default", values: { rate: passes / (passes + fails), passes, fails } });

/** 40 requests: 30 × 503, 6 × connection refused, 4 × 418 (a status not counted one by one). */
function data(declared: boolean): SummaryData {
  const metrics: Record<string, SummaryMetric> = {
    http_reqs: counter(40),
    http_req_failed: rate(40, 0),
    "http_reqs{expected_response:true}": counter(0),
  };
  if (declared) {
    for (const key of ERROR_KIND_SUB_METRICS) metrics[key] = counter(0);
    metrics["http_reqs{error_code:1503}"] = counter(30);
    metrics["http_reqs{error_code:1212}"] = counter(6);
  }
  return { metrics };
}

describe("failures by kind", () => {
  it("label statuses by status and k6's network codes by meaning and code", () => {
    expect([1503, 1404, 1212, 1050, 1220, 1999].map(errorKindLabel)).toEqual([
      "status 503",
      "status 404",
      "connection refused (1212)",
      "request timeout (1050)",
      "connection reset by peer (1220)",
      "k6 error (1999)",
    ]);
  });

  it("are read from the http_reqs{error_code:N} sub-metrics, most frequent first; the rest is 'other'", () => {
    const kinds = errorKinds(data(true).metrics);
    expect(kinds).toEqual([
      { code: 1503, label: "status 503", count: 30 },
      { code: 1212, label: "connection refused (1212)", count: 6 },
    ]);
    expect(describeErrorKinds(kinds, 40)).toBe("30 × status 503, 6 × connection refused (1212), 4 × other");
    expect(describeErrorKinds(kinds, 36)).toBe("30 × status 503, 6 × connection refused (1212)");
  });

  it("reach the verdict's first reason and summary.json when the sub-metrics were declared, and only then", () => {
    const counted = verdictOf(data(true));
    expect(counted.reasons[0]).toBe("40 of 40 requests failed: 30 × status 503, 6 × connection refused (1212), 4 × other");
    expect(counted.errors).toEqual(errorKinds(data(true).metrics));
    const uncounted = verdictOf(data(false));
    expect(uncounted.reasons[0]).toBe("40 of 40 requests failed");
    expect(uncounted).not.toHaveProperty("errors");
  });
});
