import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

/**
 * Runs a bundled script with the suite's k6, collecting its output. A run given neither a working
 * folder nor `-e REPORT_DIR` writes its reports to a fresh temporary folder: summary() would write
 * them into the checkout (its reports/, or its root where that folder is missing).
 */
export function k6(script: string, options: RunK6Options = {}): Promise<K6Result & { ms: number }> {
  const started = Date.now();
  const vars =
    options.cwd === undefined && options.vars?.["REPORT_DIR"] === undefined
      ? { ...options.vars, REPORT_DIR: mkdtempSync(join(tmpdir(), "loadgate-reports-")) }
      : options.vars;
  return runK6(inject("k6Path"), script, { stdio: "pipe", env: k6Env(), ...options, ...(vars === undefined ? {} : { vars }) }).then((r) => ({
    ...r,
    ms: Date.now() - started,
  }));
}
