import { cpSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleScripts } from "../../../../lib/node/bundle.ts";
import { vendoredPaths } from "../../../../lib/node/bundle/remote-modules.ts";

const root = join(import.meta.dirname, "../../../..");
const remote = join(root, "test/fixtures/bundle/remote");
mkdirSync(join(root, "test-output"), { recursive: true });
const dir = mkdtempSync(join(root, "test-output/remote-modules-"));

describe("remote modules", () => {
  it("a copy of a URL is looked for under <host>/<path>, then under <scheme>/<host>/<path> as in an unpacked k6 archive", () => {
    expect(vendoredPaths("/v", "https://jslib.k6.io/k6-utils/1.4.0/index.js")).toEqual([
      "/v/jslib.k6.io/k6-utils/1.4.0/index.js",
      "/v/https/jslib.k6.io/k6-utils/1.4.0/index.js",
    ]);
  });

  it("inlines a copy laid out like an unpacked k6 archive, with the copy's own imports", async () => {
    const archive = join(dir, "archive");
    cpSync(join(remote, "vendor"), join(archive, "https"), { recursive: true });
    const [result] = await bundleScripts([join(remote, "uses-jslib.js")], { outdir: join(dir, "build"), vendor: archive });
    expect(result!.remote).toEqual([]);
    const code = readFileSync(join(dir, "build/uses-jslib.js"), "utf8");
    expect(code).not.toMatch(/^import /m);
    expect(code).toMatch(/var origin = "jslib\.k6\.io";/);
  });

  it("keeps a URL the vendor folder has no copy of, naming where it looked", async () => {
    const empty = join(dir, "empty-vendor");
    mkdirSync(empty);
    const [result] = await bundleScripts([join(remote, "uses-jslib.js")], { outdir: join(dir, "build-kept"), vendor: empty });
    expect(result!.remote.map((r) => [r.url, r.lookedAt])).toEqual([
      ["https://jslib.k6.io/k6-utils/1.4.0/index.js", vendoredPaths(empty, "https://jslib.k6.io/k6-utils/1.4.0/index.js")],
    ]);
  });
});
