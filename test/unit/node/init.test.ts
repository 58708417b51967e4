import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INIT_FILES, INIT_GITIGNORE, initProject } from "../../../lib/node/init.ts";
import { validatePresetFile } from "../../../lib/node/preset-files.ts";

const root = join(import.meta.dirname, "../../..");
const fresh = () => mkdtempSync(join(tmpdir(), "loadgate-init-"));

describe("initProject()", () => {
  it("writes every scaffold file from templates/ and the .gitignore lines into an empty folder", () => {
    const dir = fresh();
    const result = initProject(dir);
    expect(result).toEqual({ written: INIT_FILES, kept: [], gitignoreAdded: [...INIT_GITIGNORE] });
    for (const file of INIT_FILES) {
      const expected = file.template === "" ? "" : readFileSync(join(root, "templates", file.template), "utf8");
      expect(readFileSync(join(dir, file.path), "utf8"), file.path).toBe(expected);
    }
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toBe("node_modules/\nbuild/\nreports/*\n!reports/.gitkeep\n");
  });

  it("keeps every file that exists, and adds to .gitignore only the lines it lacks, after a last line without a newline", () => {
    const dir = fresh();
    mkdirSync(join(dir, "tests"));
    writeFileSync(join(dir, "tests/search.ts"), "// ours\n");
    writeFileSync(join(dir, "tsconfig.json"), "{}\n");
    writeFileSync(join(dir, ".gitignore"), "build/\n.env");
    const result = initProject(dir);
    expect(result.kept.map((f) => f.path)).toEqual(["tests/search.ts", "tsconfig.json"]);
    expect(result.written.map((f) => f.path)).toEqual(["thresholds/team.json", ".github/workflows/load-test.yml", "reports/.gitkeep"]);
    expect(result.gitignoreAdded).toEqual(["node_modules/", "reports/*", "!reports/.gitkeep"]);
    expect(readFileSync(join(dir, "tests/search.ts"), "utf8")).toBe("// ours\n");
    expect(readFileSync(join(dir, "tsconfig.json"), "utf8")).toBe("{}\n");
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toBe("build/\n.env\nnode_modules/\nreports/*\n!reports/.gitkeep\n");
    // A second run changes nothing.
    expect(initProject(dir)).toEqual({ written: [], kept: INIT_FILES, gitignoreAdded: [] });
    expect(readdirSync(join(dir, "reports"))).toEqual([".gitkeep"]);
  });

  it("writes a team preset that extends the shipped error-aware preset and passes loadgate presets validate", () => {
    const file = join(root, "templates/thresholds/team.json");
    expect(validatePresetFile(file)).toEqual([]);
    const preset = JSON.parse(readFileSync(file, "utf8")) as { extends: string[]; gates: Record<string, number> };
    expect([preset.extends, preset.gates]).toEqual([["error-aware"], { p95: 1500, maxErrorRate: 0.01, minSuccesses: 20 }]);
  });
});
