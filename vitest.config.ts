import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Integration tests start k6 processes; on a 2-core machine they run one file at a time.
    fileParallelism: false,
    globalSetup: ["test/global-setup.ts"],
  },
});
