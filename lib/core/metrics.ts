/**
 * Names of the custom metrics loadgate records inside k6, shared by the recorders (lib/k6),
 * the threshold compiler, the summary renderers and the analyser.
 */
export const METRICS = {
  /** Trend (time): one server-side phase of a successful response, tagged `phase:<name>`. */
  phaseDuration: "loadgate_phase_duration",
  /** Trend (time): the server's own total for a successful response (Server-Timing `total`, else the sum of phases). */
  serverDuration: "loadgate_server_duration",
  /** Trend (time): client-measured duration minus the server total: network and queueing. */
  unattributedDuration: "loadgate_unattributed_duration",
  /**
   * Counter: +1 per phase recorded, tagged `phase:<name>`. k6 Trends have no `count` stat in
   * thresholds, so this counter is the success-count guard of a phase gate (`count>=N`).
   */
  phaseSamples: "loadgate_phase_samples",
  /** Counter: successful responses that carried readable timings. */
  timedResponses: "loadgate_timed_responses",
  /** Counter: successful responses whose timing was missing or malformed (tag `reason`). */
  untimedResponses: "loadgate_untimed_responses",
} as const;

/** A metric key split into its base name and tag selector. */
export interface MetricName {
  name: string;
  tags: Record<string, string>;
}

/**
 * `http_reqs{scenario:a,expected_response:true}` → `{ name: "http_reqs", tags: { scenario: "a", expected_response: "true" } }`,
 * as k6 keys its summary's sub-metrics (quotes around a tag name or value are dropped).
 */
export function parseMetricName(key: string): MetricName {
  const open = key.indexOf("{");
  if (open < 0 || !key.endsWith("}")) return { name: key, tags: {} };
  const tags: Record<string, string> = {};
  const unquote = (s: string) => s.trim().replace(/^["']|["']$/g, "");
  for (const part of key.slice(open + 1, -1).split(",")) {
    if (part.trim() === "") continue;
    const colon = part.indexOf(":");
    tags[unquote(colon < 0 ? part : part.slice(0, colon))] = colon < 0 ? "" : unquote(part.slice(colon + 1));
  }
  return { name: key.slice(0, open), tags };
}
