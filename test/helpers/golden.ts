// Golden files: what a renderer wrote for a real run's data, reviewed once and then held to. Vitest
// writes a missing file snapshot and passes (unless run with --ci): here a missing golden fails in
// every run, so no renderer test passes by comparing with nothing.
import { existsSync } from "node:fs";
import { expect, inject } from "vitest";

/** The folder of the report renderers' golden files. */
export const GOLDEN = new URL("../fixtures/summary/golden/", import.meta.url).pathname;

/**
 * Compares `text` with `test/fixtures/summary/golden/<name>`. A missing file fails, naming the command
 * that writes it (`npx vitest run -u <test file>`; read the file before committing it).
 */
export async function expectGolden(text: string, name: string): Promise<void> {
  const path = `${GOLDEN}${name}`;
  // test/global-setup.ts says whether this run was asked to update snapshots (-u).
  if (!existsSync(path) && inject("updateSnapshots") !== true) {
    throw new Error(`golden file ${path} is missing: write it with \`npx vitest run -u <this test file>\` and read it before committing it`);
  }
  await expect(text).toMatchFileSnapshot(path);
}
