import { describe, expect, it } from "vitest";
import { targetSettings } from "../../../lib/node/commands/target.ts";
import { TARGET_DEFAULTS } from "../../../lib/node/demo-target.ts";
import { UsageError } from "../../../lib/core/errors.ts";

describe("the demo target's timing flags", () => {
  it("--profile seed sets the report's profiled request, and flags given with it win", () => {
    expect(targetSettings("target", { profile: "seed", "jitter-ms": "1" })).toEqual({
      ...TARGET_DEFAULTS,
      embeddingMs: 233.6,
      fusionMs: 476.8,
      unreportedMs: 331.6,
      jitterMs: 1,
    });
  });

  it("--profile search sets a 600 ms search whose phases vary by ±30 ms", () => {
    expect(targetSettings("target", { profile: "search" })).toEqual({ ...TARGET_DEFAULTS, embeddingMs: 200, fusionMs: 400, jitterMs: 30 });
  });

  it("reads --unreported-ms and --timing-header", () => {
    expect(targetSettings("target", { "unreported-ms": "30", "timing-header": "malformed" })).toEqual({
      ...TARGET_DEFAULTS,
      unreportedMs: 30,
      timingHeader: "malformed",
    });
  });

  it("names the flag, the rule and the value when a value is wrong", () => {
    expect(() => targetSettings("target", { "timing-header": "broken" })).toThrow(
      new UsageError('loadgate target: --timing-header must be one of ok, malformed, missing, got "broken"'),
    );
    expect(() => targetSettings("target", { profile: "fast" })).toThrow(
      new UsageError('loadgate target: --profile must be one of seed, search, got "fast"'),
    );
  });
});
