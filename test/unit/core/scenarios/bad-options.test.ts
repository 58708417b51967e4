// Every option of every scenario builder, given a bad value: one TypeError or RangeError naming the
// builder, the option, the rule and the value. The messages follow three templates (whole number,
// duration string, k6 duration); each row still asserts its whole message.
import { describe, expect, test } from "vitest";
import {
  batches,
  breakpoint,
  burst,
  concurrent,
  load,
  peak,
  plan,
  rampLadder,
  scaleDuration,
  sequential,
  smoke,
  soak,
  spike,
  stress,
  sustainedRate,
} from "../../../../lib/core/index.ts";
import { caught } from "../../../helpers/caught.ts";

type Row = readonly [call: string, fn: () => unknown, error: Error];

const any = (v: unknown) => v as never;
const whole = (b: string, o: string, v: unknown, min = 1, Kind = RangeError) =>
  new Kind(`${b}(): \`${o}\` must be a whole number >= ${min}, got ${typeof v === "number" && !Number.isFinite(v) ? v : JSON.stringify(v)}`);
const notString = (b: string, o: string, v: unknown) => new TypeError(`${b}(): \`${o}\` must be a k6 duration string such as "30s" or "1m30s", got ${JSON.stringify(v)}`);
const unparsable = (b: string, o: string, v: string) =>
  new RangeError(`${b}(): \`${o}\` must be a k6 duration such as "500ms", "30s", "1m30s" or "2h", got ${JSON.stringify(v)}`);
const notZero = (b: string, o: string, v: string) => new RangeError(`${b}(): \`${o}\` must be a duration longer than zero, got ${JSON.stringify(v)}`);
const underK6Min = (b: string, o: string, v: string) => new RangeError(`${b}(): \`${o}\` must be at least 1s (k6's minimum), got ${JSON.stringify(v)}`);

/** The three bad values of a count option: not a number, a fraction, below the minimum. */
function counts(name: string, build: (o: object) => unknown, option: string, min = 1, base: object = {}): Row[] {
  return [
    [`${name}({ ${option}: "3" })`, () => build({ ...base, [option]: "3" }), whole(name, option, "3", min, TypeError)],
    [`${name}({ ${option}: 2.5 })`, () => build({ ...base, [option]: 2.5 }), whole(name, option, 2.5, min)],
    [`${name}({ ${option}: ${min - 1} })`, () => build({ ...base, [option]: min - 1 }), whole(name, option, min - 1, min)],
  ];
}

/** The bad values of a duration option: a number, an unparsable string, and one too short (when there is a floor). */
function durations(name: string, build: (o: object) => unknown, option: string, floor: "none" | "zero" | "k6", base: object = {}): Row[] {
  const rows: Row[] = [
    [`${name}({ ${option}: 30 })`, () => build({ ...base, [option]: 30 }), notString(name, option, 30)],
    [`${name}({ ${option}: "soon" })`, () => build({ ...base, [option]: "soon" }), unparsable(name, option, "soon")],
  ];
  if (floor === "zero") rows.push([`${name}({ ${option}: "0s" })`, () => build({ ...base, [option]: "0s" }), notZero(name, option, "0s")]);
  if (floor === "k6") rows.push([`${name}({ ${option}: "500ms" })`, () => build({ ...base, [option]: "500ms" }), underK6Min(name, option, "500ms")]);
  return rows;
}

const b = <T>(f: (o: T) => unknown) => (o: object) => f(any(o));

const rampHold = (name: string, f: (o: object) => unknown): Row[] => [
  ...counts(name, f, "vus"),
  ...durations(name, f, "rampUp", "none"),
  ...durations(name, f, "hold", "zero"),
  ...durations(name, f, "rampDown", "none"),
];

const ROWS: Row[] = [
  // constant and iteration executors
  ...counts("smoke", b(smoke), "vus"),
  ...durations("smoke", b(smoke), "duration", "k6"),
  ...counts("burst", b(burst), "vus", 1, { requests: 100 }),
  ...counts("burst", b(burst), "requests", 1, { vus: 1 }),
  ...durations("burst", b(burst), "maxDuration", "k6"),
  ["burst({ vus: 10, requests: 5 })", () => burst({ vus: 10, requests: 5 }), new RangeError("burst(): `requests` (5) must be at least `vus` (10), or some users would send nothing")],
  ...counts("concurrent", b(concurrent), "workers", 1, { requests: 100 }),
  ...counts("concurrent", b(concurrent), "requests", 1, { workers: 1 }),
  ...durations("concurrent", b(concurrent), "maxDuration", "k6"),
  ...counts("sequential", b(sequential), "requests"),
  ...durations("sequential", b(sequential), "maxDuration", "k6"),
  ...counts("batches", b(batches), "count"),
  ...counts("batches", b(batches), "size"),
  ...durations("batches", b(batches), "maxDuration", "k6"),
  // ramping VUs
  ...rampHold("load", b(load)),
  ...rampHold("peak", b(peak)),
  ...rampHold("stress", b(stress)),
  ...rampHold("soak", b(soak)),
  // arrival rates
  ["spike({})", () => spike(any({})), whole("spike", "peakRate", undefined, 1, TypeError)],
  ...counts("spike", b(spike), "peakRate"),
  ...counts("spike", b(spike), "baseRate", 0, { peakRate: 10 }),
  ...durations("spike", b(spike), "ramp", "none", { peakRate: 10 }),
  ...durations("spike", b(spike), "hold", "zero", { peakRate: 10 }),
  ...durations("spike", b(spike), "timeUnit", "zero", { peakRate: 10 }),
  ...durations("spike", b(spike), "expectedLatency", "zero", { peakRate: 10 }),
  ...counts("spike", b(spike), "preAllocatedVUs", 1, { peakRate: 10 }),
  ...counts("spike", b(spike), "maxVUs", 1, { peakRate: 10 }),
  ["spike({ peakRate: 10, preAllocatedVUs: 10, maxVUs: 5 })", () => spike({ peakRate: 10, preAllocatedVUs: 10, maxVUs: 5 }), new RangeError("spike(): `maxVUs` (5) must be at least `preAllocatedVUs` (10)")],
  ...counts("breakpoint", b(breakpoint), "startRate", 0),
  ...counts("breakpoint", b(breakpoint), "maxRate", 1, { startRate: 0 }),
  ...durations("breakpoint", b(breakpoint), "duration", "zero"),
  ...durations("breakpoint", b(breakpoint), "timeUnit", "zero"),
  ...durations("breakpoint", b(breakpoint), "expectedLatency", "zero"),
  ...counts("breakpoint", b(breakpoint), "preAllocatedVUs"),
  ...counts("breakpoint", b(breakpoint), "maxVUs"),
  ["breakpoint({ preAllocatedVUs: 10, maxVUs: 5 })", () => breakpoint({ preAllocatedVUs: 10, maxVUs: 5 }), new RangeError("breakpoint(): `maxVUs` (5) must be at least `preAllocatedVUs` (10)")],
  ...counts("sustainedRate", b(sustainedRate), "rate"),
  ...durations("sustainedRate", b(sustainedRate), "timeUnit", "zero"),
  ...durations("sustainedRate", b(sustainedRate), "duration", "k6"),
  ...durations("sustainedRate", b(sustainedRate), "expectedLatency", "zero"),
  ...counts("sustainedRate", b(sustainedRate), "preAllocatedVUs"),
  ...counts("sustainedRate", b(sustainedRate), "maxVUs"),
  ["sustainedRate({ preAllocatedVUs: 10, maxVUs: 5 })", () => sustainedRate({ preAllocatedVUs: 10, maxVUs: 5 }), new RangeError("sustainedRate(): `maxVUs` (5) must be at least `preAllocatedVUs` (10)")],
  // the ladder
  ["rampLadder({ levels: 5 })", () => rampLadder(any({ levels: 5 })), new TypeError("rampLadder(): `levels` must be a non-empty list of whole numbers >= 1, got 5")],
  ["rampLadder({ levels: [1, 0] })", () => rampLadder({ levels: [1, 0] }), new RangeError("rampLadder(): `levels` must be a non-empty list of whole numbers >= 1, got [1,0]")],
  ["rampLadder({ levels: [5, 3] })", () => rampLadder({ levels: [5, 3] }), new RangeError("rampLadder(): `levels` must rise from step to step, got [5,3] (3 after 5)")],
  ["rampLadder({ model: \"closed\" })", () => rampLadder(any({ model: "closed" })), new RangeError('rampLadder(): `model` must be "concurrency" or "arrival-rate", got "closed"')],
  ...durations("rampLadder", b(rampLadder), "hold", "k6"),
  ...durations("rampLadder", b(rampLadder), "gracefulStop", "none"),
  ...durations("rampLadder", b(rampLadder), "gap", "zero"),
  ["rampLadder({ gap: \"1s\" })", () => rampLadder({ gap: "1s" }), new RangeError('rampLadder(): `gap` must be at least 2s500ms (k6 evaluates thresholds every 2s; a shorter gap lets the step after a failing one start), got "1s"')],
  ...durations("rampLadder", b(rampLadder), "abortAfter", "none"),
  ...durations("rampLadder", b(rampLadder), "timeUnit", "zero"),
  ...durations("rampLadder", b(rampLadder), "expectedLatency", "zero"),
  ["rampLadder({ name: \"step 1\" })", () => rampLadder({ name: "step 1" }), new RangeError('rampLadder(): `name` must be a k6 scenario name (letters, digits, "_" and "-" only), got "step 1"')],
  ["rampLadder({ gate: 500 })", () => rampLadder(any({ gate: 500 })), new TypeError("rampLadder(): `gate` must be a gate object such as { p95: 500 }, got 500")],
  // the options argument itself, and the plan
  ["load(\"fast\")", () => load(any("fast")), new TypeError('load(): expected an options object, got "fast"')],
  ["plan({})", () => plan({}), new RangeError("plan(): needs at least one scenario, got {}")],
  ...durations("plan", (o) => plan({ smoke: smoke() }, any(o)), "gap", "none"),
  ...durations("plan", (o) => plan({ smoke: smoke() }, any(o)), "gracefulStop", "none"),
  ...durations("plan", (o) => plan({ smoke: smoke() }, any(o)), "expectedLatency", "zero"),
  ["plan({ smoke: smoke() }, { headroom: \"3\" })", () => plan({ smoke: smoke() }, any({ headroom: "3" })), new TypeError('plan(): `headroom` must be a number > 0, got "3"')],
  ["plan({ \"smoke test\": smoke() })", () => plan({ "smoke test": smoke() }), new RangeError('plan(): each part\'s name must be a k6 scenario name (letters, digits, "_" and "-" only), got "smoke test"')],
  ["plan({ smoke: 5 })", () => plan(any({ smoke: 5 })), new TypeError("plan(): part `smoke` must be a k6 scenario object (from a builder such as load()), got 5")],
  ["plan({ smoke: { ...smoke(), startTime: \"10s\" } })", () => plan({ smoke: { ...smoke(), startTime: "10s" } }), new RangeError('plan(): part `smoke` sets `startTime` "10s"; plan() computes start times from the parts before it')],
  // a misspelt option name, which would otherwise fall back to its default without a word
  ["smoke({ vu: 2 })", () => smoke(any({ vu: 2 })), new TypeError("smoke(): unknown option `vu`; expected one of vus, duration")],
  ["load({ rampup: \"10s\" })", () => load(any({ rampup: "10s" })), new TypeError("load(): unknown option `rampup`; expected one of vus, rampUp, hold, rampDown")],
  ["burst({ users: 5 })", () => burst(any({ users: 5 })), new TypeError("burst(): unknown option `users`; expected one of vus, requests, maxDuration")],
  ["spike({ peakRate: 10, rate: 5 })", () => spike(any({ peakRate: 10, rate: 5 })), new TypeError("spike(): unknown option `rate`; expected one of peakRate, baseRate, ramp, hold, timeUnit, expectedLatency, preAllocatedVUs, maxVUs")],
  ["rampLadder({ levels: [1, 5], step: \"10s\" })", () => rampLadder(any({ levels: [1, 5], step: "10s" })), new TypeError("rampLadder(): unknown option `step`; expected one of levels, hold, model, gate, gracefulStop, gap, abortAfter, name, timeUnit, expectedLatency")],
  ["plan({ smoke: smoke() }, { grace: \"5s\" })", () => plan({ smoke: smoke() }, any({ grace: "5s" })), new TypeError("plan(): unknown option `grace`; expected one of gap, gracefulStop, expectedLatency, headroom")],
  ["scaleDuration(\"5m\", -1)", () => scaleDuration("5m", -1), new RangeError("scaleDuration(): `scale` must be a number > 0, got -1")],
];

/** Each builder's option names, as its own error for a misspelt option lists them. */
function optionNames(builder: string, call: () => unknown): string[] {
  const message = (caught(call) as Error).message;
  const names = /; expected one of (.+)$/.exec(message)?.[1];
  if (names === undefined) throw new Error(`${builder}: a misspelt option did not list the options: ${message}`);
  return names.split(", ").map((option) => `${builder} ${option}`);
}

const BUILDERS = { smoke, load, peak, stress, soak, burst, concurrent, sequential, batches, spike, breakpoint, sustainedRate, rampLadder };

describe("every bad builder option gets one error naming the builder, the option, the rule and the value", () => {
  test(`the ${ROWS.length} rows give every option of every builder a bad value, each row once`, () => {
    expect(new Set(ROWS.map(([call]) => call)).size).toBe(ROWS.length);
    const options = [
      ...Object.entries(BUILDERS).flatMap(([name, builder]) => optionNames(name, () => builder(any({ misspelt: 1 })))),
      ...optionNames("plan", () => plan({ smoke: smoke() }, any({ misspelt: 1 }))),
    ];
    // `burst(): \`requests\` ...`: the builder and the option each row's error names.
    const named = new Set(ROWS.map(([, , error]) => /^(\w+)\(\): `(\w+)`/.exec(error.message)).map((m) => (m ? `${m[1]} ${m[2]}` : "")));
    expect(options.filter((option) => !named.has(option))).toEqual([]);
    expect(options.length).toBeGreaterThan(60);
  });
  test.each(ROWS)("%s", (_call, fn, error) => {
    const thrown = caught(fn);
    expect(thrown).toEqual(error);
    expect((thrown as Error).constructor).toBe(error.constructor);
  });
});
