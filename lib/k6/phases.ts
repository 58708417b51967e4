import type { Response } from "k6/http";
import { Counter, Trend } from "k6/metrics";
import { METRICS, UNLISTED_PHASE } from "../core/vocabulary/metric-names.ts";
import { isSelectorPart } from "../core/vocabulary/metric-key.ts";
import {
  readJsonTimings,
  readServerTiming,
  type JsonTimingsReadOptions,
  type PhaseReading,
  type ServerTimingReadOptions,
} from "../core/phases/reading.ts";

/** Where a response's phase timings come from: build one with {@link serverTiming} or {@link jsonBody}. */
export interface PhaseSource {
  /** Reads one response; never throws. */
  read(res: Response): PhaseReading;
}

/** Options of {@link serverTiming}. */
export interface ServerTimingSourceOptions extends ServerTimingReadOptions {
  /** Response header to read (k6 gives header names in canonical form). @default "Server-Timing" */
  header?: string;
}

/**
 * Phases from the `Server-Timing` response header: every metric with a `dur` is a phase, `total`
 * the server total.
 * @example phaseTimings({ phases: ["embedding", "fusion"], source: serverTiming() })
 */
export function serverTiming(options: ServerTimingSourceOptions = {}): PhaseSource {
  const header = options.header ?? "Server-Timing";
  const read: ServerTimingReadOptions = options.total === undefined ? {} : { total: options.total };
  return { read: (res) => readServerTiming(res.headers[header], read) };
}

/**
 * Phases from a JSON object in the response body, selected with k6's `res.json(path)` syntax:
 * `jsonBody("timings")` reads `{"timings": {"embedding_ms": 40, "fusion_ms": 80, "total_ms": 120}}`.
 * @example phaseTimings({ phases: ["embedding", "fusion"], source: jsonBody("timings") })
 */
export function jsonBody(path: string, options: JsonTimingsReadOptions = {}): PhaseSource {
  if (typeof path !== "string" || path === "") {
    throw new TypeError(`jsonBody(): \`path\` must be a non-empty k6 JSON selector such as "timings", got ${JSON.stringify(path)}`);
  }
  return {
    read(res) {
      if (res.body === null || res.body === undefined) {
        return { kind: "missing", problem: "the response has no body (discardResponseBodies or responseType none?)" };
      }
      let value: unknown;
      try {
        value = res.json(path);
      } catch (error) {
        return { kind: "malformed", problem: `the body is not JSON: ${String(error)}` };
      }
      return readJsonTimings(value, options);
    },
  };
}

/** Options of {@link phaseTimings}. */
export interface PhaseTimingsOptions {
  /**
   * The phases you expect, in the order tables show them. The time of phases a response reports
   * beyond these is summed into one sample tagged `phase:_unlisted`, so the breakdown shows it as
   * "(other named phases)" instead of as time in no phase; list a phase to see it by name.
   */
  phases: readonly string[];
  /** Where the timings come from. @default serverTiming() */
  source?: PhaseSource;
  /**
   * Which responses are successful and so recorded; failures are fast and would flatter the phases.
   * @default status 200..399, k6's own default for `expected_response`
   */
  isSuccess?: (res: Response) => boolean;
}

/** What {@link PhaseRecorder.record} did with a response. */
export type RecordOutcome = "timed" | "missing" | "malformed" | "failed";

/** Records the phases of responses; made by {@link phaseTimings} in the init context. */
export interface PhaseRecorder {
  /** The phases listed in the options. */
  readonly phases: readonly string[];
  /**
   * Records one response: its phases, server total and unattributed time when it is successful and
   * carries readable timings, else +1 on `loadgate_untimed_responses{reason}` (successful responses
   * only). `tags` (e.g. `{ step: "3" }`) are added to every sample; k6 adds `scenario` itself.
   */
  record(res: Response, tags?: Readonly<Record<string, string>>): RecordOutcome;
}

const defaultSuccess = (res: Response): boolean => res.status >= 200 && res.status < 400;

/**
 * Declares loadgate's phase metrics (in the init context) and returns a recorder that turns each
 * successful response's timings into samples of `loadgate_phase_duration{phase:<name>}` (one per
 * listed phase, and one `phase:_unlisted` summing the others),
 * `loadgate_server_duration` and `loadgate_unattributed_duration`.
 * @example
 * const phases = phaseTimings({ phases: ["embedding", "fusion"], source: serverTiming() });
 * export default function () { phases.record(http.post(url, body, params)); }
 */
export function phaseTimings(options: PhaseTimingsOptions): PhaseRecorder {
  const list = options?.phases;
  if (!Array.isArray(list)) {
    throw new TypeError(`phaseTimings(): \`phases\` must be an array of phase names such as ["embedding", "fusion"], got ${JSON.stringify(list)}`);
  }
  // Index loops, not for…of or a spread, here and below: each VU runs this in its init, and the
  // first array iterator a VU's runtime makes costs it about 8 KiB for the run (docs/k6-facts.md).
  for (let index = 0; index < list.length; index++) {
    const phase: unknown = list[index];
    if (typeof phase !== "string" || !isSelectorPart(phase)) {
      throw new RangeError(
        `phaseTimings(): \`phases[${index}]\` must be a name of letters, digits, "_", "-" or "." (it becomes a tag selector), got ${JSON.stringify(phase)}`,
      );
    }
    if (phase === UNLISTED_PHASE) {
      throw new RangeError(`phaseTimings(): \`phases[${index}]\` is ${JSON.stringify(UNLISTED_PHASE)}, the name loadgate gives the sum of the phases a script does not list; rename it`);
    }
    if (list.indexOf(phase) !== index) throw new RangeError(`phaseTimings(): \`phases\` lists ${JSON.stringify(phase)} twice`);
  }
  const source = options.source ?? serverTiming();
  const isSuccess = options.isSuccess ?? defaultSuccess;

  const phaseDuration = new Trend(METRICS.phaseDuration, true);
  const phaseSamples = new Counter(METRICS.phaseSamples);
  const serverDuration = new Trend(METRICS.serverDuration, true);
  const unattributed = new Trend(METRICS.unattributedDuration, true);
  const timed = new Counter(METRICS.timedResponses);
  const untimed = new Counter(METRICS.untimedResponses);

  // Tag objects for the common case (no extra tags) are made once, not per request.
  const phaseTags = Object.create(null) as Record<string, Record<string, string>>;
  for (let index = 0; index < list.length; index++) phaseTags[list[index]!] = { phase: list[index]! };
  const unlistedTag = { phase: UNLISTED_PHASE };
  const reasonTags = { missing: { reason: "missing" }, malformed: { reason: "malformed" } };

  return {
    phases: list.slice(),
    record(res, tags) {
      if (!isSuccess(res)) return "failed";
      const reading = source.read(res);
      if (reading.kind !== "timed") {
        untimed.add(1, tags === undefined ? reasonTags[reading.kind] : { ...tags, reason: reading.kind });
        return reading.kind;
      }
      const phases = reading.phases;
      let unlistedMs = 0;
      let unlistedSeen = false;
      for (const phase in phases) {
        const phaseTag = phaseTags[phase];
        if (phaseTag === undefined) {
          unlistedMs += phases[phase] as number;
          unlistedSeen = true;
          continue;
        }
        const tagged = tags === undefined ? phaseTag : { ...tags, phase };
        phaseDuration.add(phases[phase] as number, tagged);
        phaseSamples.add(1, tagged);
      }
      if (unlistedSeen) {
        const tagged = tags === undefined ? unlistedTag : { ...tags, phase: UNLISTED_PHASE };
        phaseDuration.add(unlistedMs, tagged);
        phaseSamples.add(1, tagged);
      }
      serverDuration.add(reading.total, tags);
      unattributed.add(res.timings.duration - reading.total, tags);
      timed.add(1, tags);
      return "timed";
    },
  };
}
