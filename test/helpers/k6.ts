import { inject } from "vitest";
import { runK6, type K6Result, type RunK6Options } from "../../lib/node/run-k6.ts";

/** Runs a bundled script with the suite's k6, collecting its output. */
export function k6(script: string, options: RunK6Options = {}): Promise<K6Result & { ms: number }> {
  const started = Date.now();
  return runK6(inject("k6Path"), script, { stdio: "pipe", ...options }).then((r) => ({ ...r, ms: Date.now() - started }));
}
