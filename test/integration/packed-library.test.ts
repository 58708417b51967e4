import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTarget, type RunningTarget } from "../../lib/node/demo-target.ts";
import { k6 } from "../helpers/k6.ts";

const root = resolve(import.meta.dirname, "../..");
const project = mkdtempSync(join(tmpdir(), "loadgate-user-project-"));

// A QA team's own script, written against the published API only.
const USER_SCRIPT = `import http from "k6/http";
import { check } from "k6";
import { burst, compileGate, envUrl } from "loadgate";

const BASE_URL = envUrl(__ENV, "BASE_URL");

export const options = {
  scenarios: { search: burst({ vus: 4, requests: 20 }) },
  ...compileGate({ p95: 1500, maxErrorRate: 0, minSuccesses: 20 }),
};

export default function (): void {
  const res = http.post(\`\${BASE_URL}/search\`, JSON.stringify({ query: "reset password" }), {
    headers: { "Content-Type": "application/json" },
  });
  check(res, { "status is 200": (r) => r.status === 200 });
}
`;

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });

let target: RunningTarget;
beforeAll(async () => {
  const packs = join(project, "packs");
  mkdirSync(packs);
  run("npm", ["pack", "--silent", "--pack-destination", packs], root);
  const tarball = readdirSync(packs).find((name) => name.endsWith(".tgz"));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball to ${packs}`);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "qa-team-tests", private: true, type: "module" }));
  run("npm", ["install", "--silent", "--no-audit", "--no-fund", join(packs, tarball)], project);
  mkdirSync(join(project, "tests"));
  writeFileSync(join(project, "tests/search.ts"), USER_SCRIPT);
  target = await startTarget();
}, 600_000);

afterAll(() => target?.close());

describe("loadgate used from another repository", () => {
  it("bundles a user script with npx loadgate build and runs it with k6", async () => {
    const output = run("npx", ["--no-install", "loadgate", "build", "tests/search.ts"], project);
    expect(output).toMatch(/build\/search\.js/);
    expect(existsSync(join(project, "build/search.js"))).toBe(true);

    const result = await k6(join(project, "build/search.js"), { vars: { BASE_URL: target.url }, cwd: project });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ 'count>=20' count=20/);
    expect(target.stats().requests).toBe(20);
  });

  it("reports a type error in the user's script with its file and line", () => {
    writeFileSync(join(project, "tests/broken.ts"), 'import { burst } from "loadgate";\nburst({ vus: "ten" });\n');
    let message = "";
    try {
      run("npx", ["--no-install", "loadgate", "build", "tests/broken.ts"], project);
    } catch (error) {
      message = String((error as { stderr?: string }).stderr);
    }
    expect(message).toMatch(/tests\/broken\.ts\(2,9\): error TS2322/);
  });
});
