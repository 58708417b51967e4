import { MODE_NAMES, parseMode, startTarget, TARGET_DEFAULTS, TARGET_PROFILES, type TargetOptions } from "../demo-target.ts";
import { numberFlag, parse, untilSignal, type Command } from "./shared.ts";
import { UsageError } from "../../core/errors.ts";

/** The demo target's flags, shared by `loadgate target` and `loadgate demo`. */
export const TARGET_FLAG_OPTIONS = {
  mode: { type: "string" },
  port: { type: "string" },
  "embedding-ms": { type: "string" },
  "fusion-ms": { type: "string" },
  "jitter-ms": { type: "string" },
  "fail-after": { type: "string" },
  "leak-step-ms": { type: "string" },
  "cold-start-ms": { type: "string" },
  "cold-start-requests": { type: "string" },
  "queue-limit-ms": { type: "string" },
  "drip-ms": { type: "string" },
  "unreported-ms": { type: "string" },
  "timing-header": { type: "string" },
  profile: { type: "string" },
} as const;

export const TARGET_FLAGS_HELP = `  --mode ${MODE_NAMES.join("|")}   (default healthy)
  --port N              port on 127.0.0.1, 0 picks a free one (default 0)
  --embedding-ms N      embedding phase latency (default ${TARGET_DEFAULTS.embeddingMs})
  --fusion-ms N         fusion phase latency (default ${TARGET_DEFAULTS.fusionMs})
  --jitter-ms N         ± jitter per phase (default ${TARGET_DEFAULTS.jitterMs})
  --fail-after K        fast-fail: requests served before answering 503 (default ${TARGET_DEFAULTS.failAfter})
  --leak-step-ms N      leak: added latency per request served (default ${TARGET_DEFAULTS.leakStepMs})
  --cold-start-ms N     extra embedding time of the first requests served, any mode (default ${TARGET_DEFAULTS.coldStartMs})
  --cold-start-requests K   how many requests are cold (default ${TARGET_DEFAULTS.coldStartRequests})
  --queue-limit-ms N    pool: longest queue wait before a 503 (default ${TARGET_DEFAULTS.queueLimitMs})
  --drip-ms N           slow-body: time over which the body trickles out (default ${TARGET_DEFAULTS.dripMs})
  --unreported-ms N     extra delay not reported in Server-Timing: network, queueing (default ${TARGET_DEFAULTS.unreportedMs})
  --timing-header ok|malformed|missing   the Server-Timing header sent (default ${TARGET_DEFAULTS.timingHeader})
  --profile seed        the report's profiled request: embedding 233.6, fusion 476.8, 331.6 ms unreported;
  --profile search      about 600 ms: embedding 200, fusion 400, each ±30 ms (what compare's figures were measured on);
                        flags given with either override its values`;

/** Target options from parsed flags; bad values become a {@link UsageError}. */
export function targetSettings(
  command: string,
  values: Partial<Record<keyof typeof TARGET_FLAG_OPTIONS, string>>,
): Required<TargetOptions> {
  let mode;
  try {
    mode = parseMode(values.mode ?? "healthy");
  } catch (error) {
    throw new UsageError(`loadgate ${command}: ${(error as Error).message}`);
  }
  const port = numberFlag(command, "port", values.port, TARGET_DEFAULTS.port);
  if (!Number.isInteger(port) || port > 65535) {
    throw new UsageError(`loadgate ${command}: --port must be a whole number 0..65535, got ${JSON.stringify(values.port)}`);
  }
  let profile: TargetOptions = {};
  if (values.profile !== undefined) {
    if (!Object.hasOwn(TARGET_PROFILES, values.profile)) {
      throw new UsageError(
        `loadgate ${command}: --profile must be one of ${Object.keys(TARGET_PROFILES).join(", ")}, got ${JSON.stringify(values.profile)}`,
      );
    }
    profile = TARGET_PROFILES[values.profile as keyof typeof TARGET_PROFILES];
  }
  const timingHeader = values["timing-header"] ?? TARGET_DEFAULTS.timingHeader;
  if (timingHeader !== "ok" && timingHeader !== "malformed" && timingHeader !== "missing") {
    throw new UsageError(`loadgate ${command}: --timing-header must be one of ok, malformed, missing, got ${JSON.stringify(timingHeader)}`);
  }
  const n = (flag: keyof typeof TARGET_FLAG_OPTIONS, fallback: number, min = 0) =>
    numberFlag(command, flag, values[flag], fallback, min);
  return {
    mode,
    port,
    embeddingMs: n("embedding-ms", profile.embeddingMs ?? TARGET_DEFAULTS.embeddingMs),
    fusionMs: n("fusion-ms", profile.fusionMs ?? TARGET_DEFAULTS.fusionMs),
    jitterMs: n("jitter-ms", profile.jitterMs ?? TARGET_DEFAULTS.jitterMs),
    failAfter: n("fail-after", TARGET_DEFAULTS.failAfter),
    leakStepMs: n("leak-step-ms", TARGET_DEFAULTS.leakStepMs),
    coldStartMs: n("cold-start-ms", TARGET_DEFAULTS.coldStartMs),
    coldStartRequests: n("cold-start-requests", TARGET_DEFAULTS.coldStartRequests),
    queueLimitMs: n("queue-limit-ms", TARGET_DEFAULTS.queueLimitMs, 1),
    dripMs: n("drip-ms", TARGET_DEFAULTS.dripMs),
    unreportedMs: n("unreported-ms", profile.unreportedMs ?? TARGET_DEFAULTS.unreportedMs),
    timingHeader,
  };
}

export const target: Command = {
  name: "target",
  summary: "start the demo target (a RAG search API shape) on 127.0.0.1",
  usage: `usage: loadgate target [flags]\n${TARGET_FLAGS_HELP}`,
  async run(args) {
    const { values } = parse(this, args, TARGET_FLAG_OPTIONS, false);
    const running = await startTarget(targetSettings("target", values));
    console.log(running.url);
    const signal = await untilSignal();
    await running.close();
    console.error(`loadgate target: stopped on ${signal} after ${running.stats().requests} requests`);
    return 0;
  },
};
