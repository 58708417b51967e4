import type { TestProject } from "vitest/node";
import { ensureK6 } from "../lib/node/k6-binary.ts";

declare module "vitest" {
  export interface ProvidedContext {
    k6Path: string;
  }
}

// One k6 for the whole suite: found on this machine, or built from source once.
export default async function setup(project: TestProject): Promise<void> {
  const k6 = await ensureK6();
  project.provide("k6Path", k6.path);
}
