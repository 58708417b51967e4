import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { rewriteAssetPaths } from "../../../../lib/node/bundle/asset-paths.ts";

const root = join(import.meta.dirname, "../../../..");
mkdirSync(join(root, "test-output"), { recursive: true });
const dir = mkdtempSync(join(root, "test-output/asset-paths-"));
/** The project: scripts/ with the entry, scripts/lib/ with helpers; bundles go to build/. */
const scripts = join(dir, "scripts");
const outdir = join(dir, "build");
const entry = join(scripts, "main.js");
const helper = join(scripts, "lib/helper.js");
const FILES: [path: string, text: string][] = [
  ["scripts/data/users.csv", "id\n1\n"],
  ["scripts/lib/fixture.txt", "beside the helper"],
  ["scripts/only-beside-entry.txt", "beside the entry"],
  ["scripts/both.txt", "beside the entry"],
  ["scripts/lib/both.txt", "beside the helper"],
  ["scripts/protos/a.proto", 'syntax = "proto3";'],
  ["scripts/protos/set.pb", ""],
];
for (const [file, text] of FILES) {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), text);
}

const at = (file: string, line: number, column: number) => `${relative(process.cwd(), file)}:${line}:${column}`;
const shown = (path: string) => relative(process.cwd(), path);
const rewrite = (file: string, text: string) => rewriteAssetPaths(file, text, { entry, outdir });

describe("rewriteAssetPaths", () => {
  it("rewrites open() in the entry to the same file seen from the bundle's folder", () => {
    expect(rewrite(entry, 'const users = open("./data/users.csv");\nconst bin = open(`data/users.csv`, "b");\n')).toEqual({
      code: 'const users = open("../scripts/data/users.csv");\nconst bin = open("../scripts/data/users.csv", "b");\n',
      assets: [
        { path: join(scripts, "data/users.csv"), at: at(entry, 1, 20), exists: true },
        { path: join(scripts, "data/users.csv"), at: at(entry, 2, 18), exists: true },
      ],
      warnings: [],
    });
  });

  it("resolves open() in a helper's top-level code against the helper's folder, as k6 does", () => {
    expect(rewrite(helper, 'export const text = open("./fixture.txt");\n').code).toBe('export const text = open("../scripts/lib/fixture.txt");\n');
  });

  it("resolves open() inside a helper's function where the file is: beside the helper, or beside the entry whose init calls it", () => {
    const text = [
      "export function beside() { return open('fixture.txt'); }",
      "export function fromEntry() { return open('only-beside-entry.txt'); }",
      "export function both() { return open('both.txt'); }",
    ].join("\n");
    const result = rewrite(helper, text);
    expect(result.code).toBe(
      [
        'export function beside() { return open("../scripts/lib/fixture.txt"); }',
        'export function fromEntry() { return open("../scripts/only-beside-entry.txt"); }',
        'export function both() { return open("../scripts/lib/both.txt"); }',
      ].join("\n"),
    );
    expect(result.warnings).toEqual([
      `${at(helper, 3, 38)}: open("both.txt") inside a function: k6 resolves it against the folder of the module whose init code calls the function; ` +
        `both ${shown(join(scripts, "lib/both.txt"))} and ${shown(join(scripts, "both.txt"))} exist, the bundle reads the first`,
    ]);
  });

  it("resolves k6/experimental/fs open() against the entry's folder, whichever module calls it and however it is imported", () => {
    const text = [
      'import fs from "k6/experimental/fs";',
      'import { open as openFile } from "k6/experimental/fs";',
      'const { open: viaRequire } = require("k6/experimental/fs");',
      'const a = await fs.open("data/users.csv");',
      'const b = await openFile("./data/users.csv");',
      'const c = await viaRequire("data/users.csv");',
    ].join("\n");
    const result = rewrite(helper, text);
    expect(result.code?.split("\n").slice(3)).toEqual([
      'const a = await fs.open("../scripts/data/users.csv");',
      'const b = await openFile("../scripts/data/users.csv");',
      'const c = await viaRequire("../scripts/data/users.csv");',
    ]);
    expect(result.warnings).toEqual([]);
  });

  it("gives gRPC load() the entry's folder as import path when it has none, rewrites relative import paths and loadProtoset()", () => {
    const text = [
      'import grpc from "k6/net/grpc";',
      "const client = new grpc.Client();",
      'client.load([], "protos/a.proto");',
      'client.load(["protos"], "a.proto");',
      'client.load(["/abs/protos"], "b.proto");',
      'client.loadProtoset("protos/set.pb");',
      'other.load([], "protos/a.proto");',
    ].join("\n");
    const result = rewrite(helper, text);
    expect(result.code?.split("\n").slice(2)).toEqual([
      'client.load(["../scripts"], "protos/a.proto");',
      'client.load(["../scripts/protos"], "a.proto");',
      'client.load(["/abs/protos"], "b.proto");',
      'client.loadProtoset("../scripts/protos/set.pb");',
      'other.load([], "protos/a.proto");',
    ]);
    expect(result.assets.map((a) => [shown(a.path), a.exists])).toEqual([
      [shown(join(scripts, "protos/a.proto")), true],
      [shown(join(scripts, "protos/a.proto")), true],
      [shown("/abs/protos/b.proto"), false],
      [shown(join(scripts, "protos/set.pb")), true],
    ]);
  });

  it("warns about each path computed at run time with its line and value, and still rewrites a literal fallback", () => {
    const text = [
      "const name = __ENV.NAME;",
      "const a = open(`data/${name}.csv`);",
      'const b = open(__ENV.USERS ?? "data/users.csv");',
      'import grpc from "k6/net/grpc";',
      "const client = new grpc.Client();",
      'client.load(__ENV.PROTO_PATHS.split(","), "a.proto");',
    ].join("\n");
    const result = rewrite(entry, text);
    expect(result.code?.split("\n")[2]).toBe('const b = open(__ENV.USERS ?? "../scripts/data/users.csv");');
    const against = `the bundle's folder ${shown(outdir)}/, where the unbundled script resolved it against`;
    expect(result.warnings).toEqual([
      `${at(entry, 2, 16)}: open() takes a path computed at run time (\`data/\${name}.csv\`): a relative value resolves against ${against} ${shown(scripts)}/; pass a string literal or an absolute path`,
      `${at(entry, 3, 16)}: open() takes a path computed at run time (__ENV.USERS): a relative value resolves against ${against} ${shown(scripts)}/; pass a string literal or an absolute path`,
      `${at(entry, 6, 13)}: client.load() import paths takes a path computed at run time (__ENV.PROTO_PATHS.split(",")): a relative value resolves against ${against} the entry script's folder ${shown(scripts)}/; pass a string literal or an absolute path`,
    ]);
  });

  it("rewrites import.meta.resolve() against the module's own folder", () => {
    expect(rewrite(helper, 'const url = import.meta.resolve("./fixture.txt");\n').code).toBe('const url = import.meta.resolve("../scripts/lib/fixture.txt");\n');
  });

  it("names a missing file with the call's line, and rewrites the path all the same", () => {
    expect(rewrite(entry, '\nopen("./missing.csv");\n')).toEqual({
      code: '\nopen("../scripts/missing.csv");\n',
      assets: [{ path: join(scripts, "missing.csv"), at: at(entry, 2, 6), exists: false }],
      warnings: [`${at(entry, 2, 6)}: open(): no such file ${shown(join(scripts, "missing.csv"))}`],
    });
  });

  it("leaves absolute paths, URLs, a module's own open() and unrelated load() calls alone", () => {
    const unchanged = { code: undefined, assets: [], warnings: [] };
    expect(rewrite(entry, 'open("/etc/hosts"); open("file:///etc/hosts");')).toEqual(unchanged);
    expect(rewrite(entry, 'function open(p) { return p; }\nopen("./data/users.csv");')).toEqual(unchanged);
    expect(rewrite(entry, 'const cache = new Map();\ncache.load("./data/users.csv");')).toEqual(unchanged);
    expect(rewrite(entry, "export default function () {}")).toEqual(unchanged);
  });
});
