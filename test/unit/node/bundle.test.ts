import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleScripts } from "../../../lib/node/bundle.ts";
import { BuildError } from "../../../lib/core/errors.ts";

const root = join(import.meta.dirname, "../../..");
const dir = (() => {
  mkdirSync(join(root, "test-output"), { recursive: true });
  // Inside the repository, so the scripts see its tsconfig.json and node_modules/@types/k6.
  return mkdtempSync(join(root, "test-output/bundle-"));
})();

describe("bundleScripts", () => {
  it("fails a type error with the file, line and column", async () => {
    const file = join(dir, "typo.ts");
    writeFileSync(file, 'import http from "k6/http";\nexport default function () {\n  http.gett("http://127.0.0.1");\n}\n');
    const error = await bundleScripts([file], { outdir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect((error as Error).message).toMatch(/typo\.ts\(3,8\): error TS2551: Property 'gett' does not exist/);
  });

  it("fails an unresolvable import with the file and line", async () => {
    const file = join(dir, "missing.ts");
    writeFileSync(file, 'import { nothing } from "./not-there.ts";\nexport default function () { nothing(); }\n');
    await expect(bundleScripts([file], { outdir: dir, typeCheck: false })).rejects.toThrow(
      /missing\.ts:1:\d+: Could not resolve "\.\/not-there\.ts"/,
    );
  });

  it("keeps k6 and extension modules external, inlines presets and embeds a source map", async () => {
    const file = join(dir, "ext.ts");
    writeFileSync(
      file,
      [
        'import http from "k6/http";',
        '// @ts-expect-error: an xk6 extension module exists only in a custom binary',
        'import kafka from "k6/x/kafka";',
        'import preset from "../../thresholds/error-aware.json" with { type: "json" };',
        "export const options = { thresholds: { http_req_failed: [`rate<=${preset.gates.maxErrorRate}`] } };",
        "export default function () { http.get('http://127.0.0.1'); kafka.ping(); }",
      ].join("\n"),
    );
    const [result] = await bundleScripts([file], { outdir: dir });
    const code = readFileSync(join(root, result!.outfile), "utf8");
    expect(code).toMatch(/^import http from "k6\/http";$/m);
    expect(code).toMatch(/^import kafka from "k6\/x\/kafka";$/m);
    expect(code).toMatch(/maxErrorRate: 0\.01/);
    expect(code).toMatch(/\/\/# sourceMappingURL=data:application\/json;base64,/);
  });

  it("refuses two entries that would overwrite each other", async () => {
    const a = join(dir, "a");
    mkdirSync(a, { recursive: true });
    writeFileSync(join(a, "same.ts"), "export default function () {}\n");
    writeFileSync(join(dir, "same.ts"), "export default function () {}\n");
    await expect(bundleScripts([join(a, "same.ts"), join(dir, "same.ts")], { outdir: dir })).rejects.toThrow(
      /would both be bundled to same\.js/,
    );
  });
});
