import fc from "fast-check";
import type { Preset } from "../../lib/core/thresholds/preset.ts";

// Valid presets as thresholds/schema.json allows them, for property tests.

/** A percentile key: p95, p99.9, p0.5 ... (schema: p1..p99 with decimals, or p0.x). */
const percentileKey = fc.oneof(
  fc.integer({ min: 1, max: 99 }).map((n) => `p${n}`),
  fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 999 })).map(([n, d]) => `p${n}.${d}`),
  fc.integer({ min: 1, max: 999 }).map((d) => `p0.${String(d).padStart(3, "0")}`),
);
/** Latency limits in ms: whole or fractional, small or large, always > 0. */
const latency = fc.oneof(fc.integer({ min: 1, max: 600_000 }), fc.double({ min: 0.001, max: 1e6, noNaN: true, noDefaultInfinity: true }));
const rate = fc.oneof(fc.constantFrom(0, 1, 0.01, 0.999), fc.double({ min: 0, max: 1, noNaN: true }));
const duration = fc.tuple(fc.integer({ min: 1, max: 300 }), fc.constantFrom("ms", "s", "m")).map(([n, unit]) => `${n}${unit}`);
const name = fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/);

const latencies = fc.dictionary(fc.oneof(percentileKey, fc.constantFrom("avg", "med", "max")), latency, { maxKeys: 4 });

const phaseBudget = fc
  .tuple(latencies, fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }))
  .map(([limits, minSamples]) => (minSamples === undefined ? limits : { ...limits, minSamples }));

const gateWithoutPhases = fc
  .record(
    {
      maxErrorRate: rate,
      minSuccesses: fc.integer({ min: 1, max: 100_000 }),
      minCheckRate: rate,
      abortOnFail: fc.oneof(fc.boolean(), duration),
      inconclusive: fc.constantFrom("fail", "warn"),
    },
    { requiredKeys: [] },
  )
  .chain((fixed) => latencies.map((limits) => ({ ...limits, ...fixed })));

const gate = fc
  .tuple(gateWithoutPhases, fc.option(fc.dictionary(name, phaseBudget, { minKeys: 1, maxKeys: 3 }), { nil: undefined }))
  .map(([g, phases]) => (phases === undefined ? g : { ...g, phases }));

const scopeKey = fc.array(fc.tuple(name, name).map(([k, v]) => `${k}:${v}`), { minLength: 1, maxLength: 2 }).map((parts) => parts.join(","));

/** Raw k6 thresholds on built-in metrics, with methods that fit each metric's type. */
const rawThresholds = fc.dictionary(
  fc.constantFrom("http_req_duration", "http_req_waiting", "http_req_failed", "http_reqs", "checks", "iteration_duration"),
  fc.constant(null),
  { maxKeys: 3 },
).chain((metrics) =>
  fc.record(
    Object.fromEntries(
      Object.keys(metrics).map((metric) => {
        const trend = metric.endsWith("duration") || metric === "http_req_waiting";
        const method = trend
          ? fc.oneof(fc.constantFrom("avg", "min", "med", "max"), fc.double({ min: 0, max: 100, noNaN: true }).map((p) => `p(${Number(p.toFixed(3))})`))
          : metric === "http_reqs"
            ? fc.constantFrom("count", "rate")
            : fc.constant("rate");
        const expression = fc
          .tuple(method, fc.constantFrom("<", "<=", ">", ">=", "==", "===", "!="), fc.double({ min: 0, max: 1e6, noNaN: true }))
          .map(([m, op, v]) => `${m}${op}${Number(v.toFixed(4))}`);
        const entry = fc.oneof(
          expression,
          fc.record({ threshold: expression, abortOnFail: fc.boolean(), delayAbortEval: duration }, { requiredKeys: ["threshold"] }),
        );
        return [metric, fc.array(entry, { minLength: 1, maxLength: 3 })];
      }),
    ),
  ),
);

/** A preset that thresholds/schema.json accepts, without `extends` (so it compiles without a resolver). */
export const validPreset: fc.Arbitrary<Preset> = fc
  .record(
    {
      description: fc.string({ maxLength: 20 }),
      gates: gate,
      scopes: fc.dictionary(scopeKey, gateWithoutPhases, { maxKeys: 2 }),
      thresholds: rawThresholds,
    },
    { requiredKeys: [] },
  )
  .map((preset) => preset as Preset);
