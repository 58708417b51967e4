import { inject } from "vitest";
import { runK6, type K6Result, type RunK6Options } from "../../lib/node/run-k6.ts";

/**
 * The environment for k6 in tests. k6 copies system environment variables into `__ENV`, and
 * Vitest sets Vite's BASE_URL=/, MODE, DEV, PROD and SSR: drop them so scripts see only `-e` values.
 */
export function k6Env(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ["BASE_URL", "MODE", "DEV", "PROD", "SSR"]) delete env[name];
  return env;
}

/** Runs a bundled script with the suite's k6, collecting its output. */
export function k6(script: string, options: RunK6Options = {}): Promise<K6Result & { ms: number }> {
  const started = Date.now();
  return runK6(inject("k6Path"), script, { stdio: "pipe", env: k6Env(), ...options }).then((r) => ({
    ...r,
    ms: Date.now() - started,
  }));
}
