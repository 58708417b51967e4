import { describe, expect, it } from "vitest";
import { asCommonJs } from "../../../../lib/node/bundle/common-js.ts";

/** The shape of esbuild's ES module output: imports where their module's code went, one export list at the end. */
const BUNDLE = [
  "// lib/one.ts",
  'import http from "k6/http";',
  "var url = `${__ENV.BASE_URL}/`;",
  "// lib/two.ts",
  'import { Counter, Trend as T } from "k6/metrics";',
  'import * as exec from "k6/execution";',
  'import "k6/experimental/webcrypto";',
  'var latency = new T("latency");',
  "function run() {",
  "  http.get(url);",
  "}",
  "var options = { vus: 1 };",
  "export {",
  "  run as default,",
  "  options",
  "};",
  "//# sourceMappingURL=data:application/json;base64,e30=",
  "",
].join("\n");

describe("asCommonJs", () => {
  it("requires k6's modules before the first line, keeps every other line where it was, and exports the list", () => {
    const out = asCommonJs(BUNDLE) ?? "";
    const lines = out.split("\n");
    expect(lines[0]).toBe(
      '"use strict"; const http = require("k6/http"); const { Counter, Trend: T } = require("k6/metrics"); const exec = require("k6/execution"); require("k6/experimental/webcrypto"); // lib/one.ts',
    );
    expect(lines.slice(1)).toEqual([
      "",
      "var url = `${__ENV.BASE_URL}/`;",
      "// lib/two.ts",
      "",
      "",
      "",
      'var latency = new T("latency");',
      "function run() {",
      "  http.get(url);",
      "}",
      "var options = { vus: 1 };",
      'module.exports = { "default": run, "options": options };',
      "//# sourceMappingURL=data:application/json;base64,e30=",
      "",
    ]);
    // Every line of the ES module maps to the same line of the CommonJS one.
    expect(lines.length).toBe(BUNDLE.split("\n").length - 3);
  });

  it("keeps as an ES module what only an ES module can do", () => {
    const variants = {
      "a top-level await": BUNDLE.replace("var options = { vus: 1 };", "var options = await Promise.resolve({ vus: 1 });"),
      "a top-level for await": BUNDLE.replace("var options = { vus: 1 };", "var options = {}; for await (const x of []) options = x;"),
      "import.meta": BUNDLE.replace("var url = `${__ENV.BASE_URL}/`;", "var url = import.meta.resolve('./x');"),
      "a top-level this": BUNDLE.replace("var options = { vus: 1 };", "var options = this;"),
      "a this in a top-level arrow": BUNDLE.replace("var options = { vus: 1 };", "var options = (() => this)();"),
      "a module of its own": BUNDLE.replace("var options = { vus: 1 };", "var options = { vus: 1 }, module = 1;"),
      "an exports of its own": BUNDLE.replace("function run() {", "function exports() {"),
      "an import of an extension": BUNDLE.replace('import "k6/experimental/webcrypto";', 'import kafka from "k6/x/kafka";'),
      "an import of a remote module": BUNDLE.replace('import "k6/experimental/webcrypto";', 'import { x } from "https://jslib.k6.io/x.js";'),
      "an export from another module": BUNDLE.replace("export {", 'export * from "k6/http";\nexport {'),
    };
    for (const [what, bundle] of Object.entries(variants)) {
      expect(bundle, what).not.toBe(BUNDLE);
      expect(asCommonJs(bundle), what).toBeUndefined();
    }
  });

  it("converts what only looks like those inside functions: an await, a this", () => {
    const bundle = BUNDLE.replace("function run() {", "async function later() { await 1; return this; }\nclass A { m() { return this; } }\nfunction run() {");
    expect(asCommonJs(bundle)).toContain('module.exports = { "default": run, "options": options };');
  });
});
