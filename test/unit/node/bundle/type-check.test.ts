import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { typeCheck } from "../../../../lib/node/bundle/type-check.ts";
import { BuildError } from "../../../../lib/core/errors.ts";

/** A folder outside the repository: no tsconfig.json and no node_modules/@types/k6 above it. */
const outside = mkdtempSync(join(tmpdir(), "loadgate-type-check-"));

const K6_SCRIPT = [
  'import http from "k6/http";',
  'import { sleep } from "k6";',
  'const users: string = open("./users.csv");',
  "export default function (): void {",
  '  const res = http.get(__ENV["BASE_URL"] ?? "http://127.0.0.1:1");',
  "  console.log(`vu ${__VU} iteration ${__ITER}: ${res.status} ${users.length}`);",
  "  const timer = setTimeout(() => console.warn('late'), 10);",
  "  clearTimeout(timer);",
  "  sleep(0.1);",
  "}",
].join("\n");

describe("typeCheck", () => {
  it("checks a script outside any project with loadgate's @types/k6 and k6's globals (console, timers, __ENV, __VU, open)", () => {
    const file = join(outside, "script.ts");
    writeFileSync(file, K6_SCRIPT);
    expect(() => typeCheck([file])).not.toThrow();
  });

  it("still reports a type error there with the file, line and column", () => {
    const file = join(outside, "typo.ts");
    writeFileSync(file, 'import http from "k6/http";\nexport default function () {\n  http.gett("http://127.0.0.1");\n}\n');
    const error = (() => {
      try {
        typeCheck([file]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BuildError);
    expect((error as Error).message).toMatch(/typo\.ts\(3,8\): error TS2551: Property 'gett' does not exist/);
  });

  it("gives k6's globals to a project whose tsconfig.json also declares the DOM's, without a conflict", () => {
    const project = join(outside, "with-dom");
    mkdirSync(project);
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, lib: ["es2022", "dom"], module: "esnext", moduleResolution: "bundler", noEmit: true } }));
    writeFileSync(join(project, "script.ts"), K6_SCRIPT);
    expect(() => typeCheck([join(project, "script.ts")])).not.toThrow();
  });
});
