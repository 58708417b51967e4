import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { ensureK6 } from "../lib/node/k6-binary.ts";
import { ensureCurrentDist, ensureCurrentK6Module } from "./helpers/dist.ts";

declare module "vitest" {
  export interface ProvidedContext {
    k6Path: string;
    /** Whether this run updates snapshots and golden files (`vitest run -u`). */
    updateSnapshots: boolean;
  }
}

// One k6 for the whole suite: found on this machine, or built from source once. And dist/, which the
// CLI runs, compiled from lib/ as it is now: `npx vitest run <file>` tests the code in the tree.
export default async function setup(project: TestProject): Promise<void> {
  ensureCurrentDist(resolve(import.meta.dirname, ".."));
  ensureCurrentK6Module(resolve(import.meta.dirname, ".."));
  const k6 = await ensureK6();
  project.provide("k6Path", k6.path);
  project.provide("updateSnapshots", project.config.snapshotOptions.updateSnapshot === "all");
}
