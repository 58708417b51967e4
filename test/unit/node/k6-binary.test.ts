import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildK6, compareVersions, locateK6, parseK6Version } from "../../../lib/node/k6-binary.ts";
import { K6NotFoundError } from "../../../lib/core/errors.ts";

/** A stand-in executable that prints what `k6 version` of some release prints. */
function fakeK6(version: string): string {
  const dir = mkdtempSync(join(tmpdir(), "loadgate-fake-k6-"));
  const path = join(dir, "k6");
  writeFileSync(path, `#!/bin/sh\necho "k6 v${version} (commit/abc, go1.24.0, linux/amd64)"\n`);
  chmodSync(path, 0o755);
  return path;
}

describe("k6 provisioning", () => {
  it("reads the version k6 prints", () => {
    expect(parseK6Version("k6 v2.2.0 (commit/devel, go1.26.8, linux/amd64)")).toBe("2.2.0");
    expect(parseK6Version("k6 v0.49.0 (2024-01-01T00:00:00+0000/abc, go1.21.6, linux/amd64)")).toBe("0.49.0");
    expect(parseK6Version("command not found")).toBeUndefined();
  });

  it("compares versions numerically", () => {
    expect(compareVersions("2.10.0", "2.2.0")).toBeGreaterThan(0);
    expect(compareVersions("1.9.9", "2.2.0")).toBeLessThan(0);
    expect(compareVersions("2.2.0", "2.2.0")).toBe(0);
  });

  it("takes K6_BIN first when it is recent enough", async () => {
    const path = fakeK6("2.3.1");
    expect(await locateK6({ ...process.env, K6_BIN: path })).toEqual({ path, version: "2.3.1", source: "K6_BIN" });
  });

  it("refuses a K6_BIN that is too old, naming it and the version needed", async () => {
    const path = fakeK6("0.52.0");
    await expect(locateK6({ ...process.env, K6_BIN: path })).rejects.toThrow(
      new K6NotFoundError(`K6_BIN=${path}: k6 v0.52.0 is too old; loadgate needs k6 >= v2.2.0`),
    );
  });

  it("refuses a K6_BIN that does not exist, or does not run", async () => {
    await expect(locateK6({ ...process.env, K6_BIN: "/nonexistent/k6" })).rejects.toThrow(
      "K6_BIN=/nonexistent/k6: no such file; point K6_BIN at a k6 >= v2.2.0 binary",
    );
    const broken = join(mkdtempSync(join(tmpdir(), "loadgate-broken-k6-")), "k6");
    writeFileSync(broken, "#!/bin/sh\nexit 3\n");
    chmodSync(broken, 0o755);
    await expect(locateK6({ ...process.env, K6_BIN: broken })).rejects.toThrow(
      `K6_BIN=${broken}: not a runnable k6 binary (\`${broken} version\` failed)`,
    );
  });

  it("skips a too-old k6 on PATH and finds the one in Go's bin folder", async () => {
    const old = fakeK6("0.52.0");
    const found = await locateK6({ ...process.env, K6_BIN: "", PATH: `${join(old, "..")}:${process.env.PATH ?? ""}` });
    expect(found?.path).not.toBe(old);
    expect(compareVersions(found?.version ?? "0", "2.2.0")).toBeGreaterThanOrEqual(0);
  });

  it("explains how to get k6 when Go is missing", async () => {
    const lines: string[] = [];
    await expect(buildK6({ PATH: "/nonexistent" }, (line) => lines.push(line))).rejects.toThrow(
      new K6NotFoundError(
        "k6 >= v2.2.0 was not found (K6_BIN, PATH, Go's bin folder) and Go is not installed to build it.\n" +
          "Install Go >= 1.25 and run: go install go.k6.io/k6/v2@v2.2.0\nor point K6_BIN at a k6 binary.",
      ),
    );
    expect(lines).toEqual([]);
  });
});
