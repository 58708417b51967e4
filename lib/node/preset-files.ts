import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseJsonText } from "../core/thresholds/json-text.ts";
import { compilePreset, flattenPreset, presetRefKind, type Preset, type PresetResolver, type ResolvedPreset } from "../core/thresholds/preset.ts";
import { formatSchemaErrors, type SchemaErrorObject } from "../core/thresholds/schema-errors.ts";
import { JsonSyntaxError, PresetError } from "../core/errors.ts";
import type { CompiledThresholds } from "../core/thresholds/record.ts";

/** The `thresholds/` folder of this package (from lib/node in source, dist/lib/node once built). */
export function shippedPresetsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "thresholds");
    if (existsSync(join(candidate, "schema.json"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("loadgate's thresholds/ folder (with schema.json) was not found above lib/node");
    dir = parent;
  }
}

let validator: ValidateFunction | undefined;

/** ajv compiled from thresholds/schema.json, with the options the k6-side standalone validator is generated with. */
function presetValidator(): ValidateFunction {
  if (validator === undefined) {
    const schema = JSON.parse(readFileSync(join(shippedPresetsDir(), "schema.json"), "utf8")) as object;
    // Same options as tools/generate-preset-validator.mjs, so Node and k6 report the same errors.
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
    for (const keyword of ["x-expected", "x-keys"]) ajv.addKeyword(keyword);
    validator = ajv.compile(schema);
  }
  return validator;
}

/** Schema problems of parsed preset JSON, one line each (`file: /gates/p95 must be ..., got ...`); empty when valid. */
export function schemaErrors(data: unknown, file: string): string[] {
  const validate = presetValidator();
  if (validate(data)) return [];
  return formatSchemaErrors((validate.errors ?? []) as SchemaErrorObject[], { file, data });
}

/** How a file is named in messages and `extends` chains: relative to `cwd` when inside it. */
function display(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

/** Reads, parses and validates a preset file; throws one {@link PresetError} listing every problem under `name`. */
export function readPresetFile(path: string, name = display(path)): Preset {
  const text = readFileSync(path, "utf8");
  let data: unknown;
  try {
    data = parseJsonText(text, name);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new PresetError(error.message);
    throw error;
  }
  const errors = schemaErrors(data, name);
  if (errors.length > 0) throw new PresetError(errors.join("\n"));
  return data as Preset;
}

/** The ids of the shipped presets (the file names in thresholds/), sorted. */
export function shippedPresetIds(): string[] {
  return readdirSync(shippedPresetsDir())
    .filter((name) => name.endsWith(".json") && name !== "schema.json")
    .map((name) => name.slice(0, -".json".length))
    .sort();
}

/**
 * Finds a preset by reference: a shipped id, a path (relative to `baseDir`) or an npm package file.
 * Files get ids relative to `cwd` (absolute outside it), which name them in messages.
 */
export function findPreset(ref: string, baseDir: string, cwd = process.cwd()): ResolvedPreset {
  const kind = presetRefKind(ref);
  if (kind === "shipped") {
    const file = join(shippedPresetsDir(), `${ref}.json`);
    if (!existsSync(file)) {
      throw new PresetError(`unknown preset ${JSON.stringify(ref)}; shipped presets: ${shippedPresetIds().join(", ")}`);
    }
    return { id: ref, preset: readPresetFile(file, `thresholds/${ref}.json`) };
  }
  let file: string;
  if (kind === "path") {
    file = resolve(baseDir, ref);
    if (!existsSync(file)) throw new PresetError(`no preset file ${display(file, cwd)} (${JSON.stringify(ref)})`);
  } else {
    try {
      file = createRequire(join(baseDir, "noop.js")).resolve(ref);
    } catch {
      throw new PresetError(
        `${JSON.stringify(ref)} is neither a shipped preset (${shippedPresetIds().join(", ")}) nor a file of an installed npm package (npm install the package, or write ./ for a relative path)`,
      );
    }
  }
  const id = display(file, cwd);
  return { id, preset: readPresetFile(file, id) };
}

/**
 * The Node resolver for `extends`: shipped ids, paths relative to the folder of the preset naming
 * them (the working directory for a shipped one), and npm package files via `require.resolve`.
 */
export function nodePresetResolver(cwd = process.cwd()): PresetResolver {
  return (ref, from) => {
    const shipped = presetRefKind(from) === "shipped" && !isAbsolute(from);
    return findPreset(ref, shipped ? cwd : resolve(cwd, dirname(from)), cwd);
  };
}

/** A preset named on the command line: a file when one exists at that path, else by {@link findPreset}. */
export function loadPreset(ref: string, cwd = process.cwd()): ResolvedPreset {
  const asFile = resolve(cwd, ref);
  if (presetRefKind(ref) !== "shipped" && existsSync(asFile)) {
    const id = display(asFile, cwd);
    return { id, preset: readPresetFile(asFile, id) };
  }
  return findPreset(ref, cwd, cwd);
}

/** A preset with its `extends` resolved and merged (what `loadgate presets show` prints). */
export function flattenPresetRef(ref: string, cwd = process.cwd()): Preset {
  const { id, preset } = loadPreset(ref, cwd);
  return flattenPreset(id, preset, nodePresetResolver(cwd));
}

/** Compiles a preset named by id, path or package file to k6's `thresholds` and `summaryTrendStats`. */
export function compilePresetRef(ref: string, cwd = process.cwd()): CompiledThresholds {
  const { id, preset } = loadPreset(ref, cwd);
  return compilePreset(preset, { id, resolve: nodePresetResolver(cwd) });
}

/**
 * Every problem of a preset file, one line each: JSON syntax, schema, then (when the schema
 * passes) `extends` resolution and compilation, including raw thresholds k6 would reject.
 */
export function validatePresetFile(path: string, cwd = process.cwd()): string[] {
  const file = resolve(cwd, path);
  const id = display(file, cwd);
  try {
    const preset = readPresetFile(file, id);
    // The CLI resolves an npm package file; k6, which resolves no npm packages, stops in init (exit 107).
    const packages: { ref: string; from: string; path: string }[] = [];
    const node = nodePresetResolver(cwd);
    compilePreset(preset, {
      id,
      resolve: (ref, from) => {
        const found = node(ref, from);
        if (presetRefKind(ref) === "package") {
          const path = relative(dirname(resolve(cwd, from)), resolve(cwd, found.id));
          packages.push({ ref, from, path: path.startsWith("../") ? path : `./${path}` });
        }
        return found;
      },
    });
    return packages.map(
      ({ ref, from, path }) =>
        `${from}: extends ${JSON.stringify(ref)}, a file of an npm package: loadgate merge and presets show read it, but k6 resolves no npm packages and stops before the first request (exit 107) when a script loads this preset; name it by its path instead: ${JSON.stringify(path)}`,
    );
  } catch (error) {
    if (error instanceof PresetError) return error.message.split("\n");
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "EACCES") return [`${id}: cannot read the file (${code})`];
    throw error;
  }
}
