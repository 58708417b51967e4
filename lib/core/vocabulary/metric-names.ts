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

/**
 * The `phase` tag of the one sample per response that sums the phases a server names but the
 * script's `phases` list does not. `phaseTimings()` refuses it as a listed name.
 */
export const UNLISTED_PHASE = "_unlisted";

