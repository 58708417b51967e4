import type { Gate } from "../core/thresholds/gate.ts";
import type { EnvVars } from "../core/vocabulary/env.ts";
import { parseJsonText } from "../core/thresholds/json-text.ts";
import { compilePreset, mergeGates, presetRefKind, resolveRelativePath, type Preset, type PresetResolver, type ResolvedPreset } from "../core/thresholds/preset.ts";
import { formatSchemaErrors, type SchemaErrorObject } from "../core/thresholds/schema-errors.ts";
import { presetValidator } from "./preset-validator.generated.ts";
import { JsonSyntaxError, PresetError } from "../core/errors.ts";
import type { CompiledThresholds } from "../core/thresholds/record.ts";
import { SHIPPED_PRESETS, shippedPreset } from "./shipped-presets.ts";

type GeneratedValidator = ((data: unknown) => boolean) & { errors?: SchemaErrorObject[] | null };

/**
 * Validates parsed preset JSON with the schema compiled ahead of time (no code generation in k6);
 * throws one {@link PresetError} listing every problem as `file: /json/path must ..., got ...`.
 */
export function validatePresetData(data: unknown, file: string): Preset {
  const validate = presetValidator() as GeneratedValidator;
  if (validate(data)) return data as Preset;
  const lines = formatSchemaErrors(validate.errors ?? [], { file, data });
  throw new PresetError(lines.join("\n"));
}

/** Reads, parses and validates a preset file with k6's `open()` (init context only). */
export function openPresetFile(path: string): Preset {
  let text: string;
  try {
    text = open(path);
  } catch (error) {
    throw new PresetError(`${path}: cannot read the preset file (${(error as Error).message})`);
  }
  try {
    return validatePresetData(parseJsonText(text, path), path);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new PresetError(error.message);
    throw error;
  }
}

/**
 * Resolves `extends` inside k6: shipped ids from the inlined presets, relative paths with `open()`
 * against the folder of the file naming them. npm package files are resolved by the Node CLI only.
 */
export const k6PresetResolver: PresetResolver = (ref, from): ResolvedPreset => {
  const kind = presetRefKind(ref);
  if (kind === "shipped") return { id: ref, preset: shippedPreset(ref) };
  if (kind === "path") {
    if (SHIPPED_PRESETS[from] !== undefined) {
      throw new PresetError(`shipped preset ${from} cannot extend a file path (${ref})`);
    }
    const path = resolveRelativePath(from, ref);
    return { id: path, preset: openPresetFile(path) };
  }
  throw new PresetError(
    `${JSON.stringify(ref)} is an npm package file, which k6 cannot resolve; give its path instead (e.g. ./node_modules/${ref})`,
  );
};

/** Options of {@link presetFromEnv}. */
export interface PresetFromEnvOptions {
  /** The shipped preset used when neither `PRESET` nor `PRESET_FILE` is set. @default "error-aware" */
  fallback?: string;
  /**
   * Gate settings laid over the picked preset's run-wide gates (as if the preset set them itself):
   * `{ abortOnFail: "30s" }` makes any preset stop the run at its first failing gate. @default undefined
   */
  gates?: Readonly<Gate>;
}

/**
 * The thresholds of the preset a k6 run picks with `-e PRESET=<shipped id>` or
 * `-e PRESET_FILE=<path>` (read with `open()`, validated by the pre-compiled schema). Call it in
 * the init context: a bad preset throws there, so k6 stops before sending any request.
 * A relative `PRESET_FILE` is taken from the working directory when k6 passes `PWD`.
 * k6 reads `options` only in the init where `__VU` is 0, and only there do scripts reach this (facades.ts).
 * @example export const options = { scenarios, ...presetFromEnv(__ENV) };
 */
export function presetFromEnv(vars: EnvVars, options: PresetFromEnvOptions = {}): CompiledThresholds {
  // A bad preset throws in the init that reads options, and the run stops before any VU starts.
  const over = (preset: Preset): Preset => {
    const gates = mergeGates(preset.gates, options.gates);
    return gates === undefined ? preset : { ...preset, gates };
  };
  const id = vars.PRESET?.trim() || undefined;
  const file = vars.PRESET_FILE?.trim() || undefined;
  if (id !== undefined && file !== undefined) {
    throw new PresetError(`-e PRESET=${id} and -e PRESET_FILE=${file}: set one of them, not both`);
  }
  if (file !== undefined) {
    const cwd = vars.PWD?.trim();
    const path = file.startsWith("/") || cwd === undefined || cwd === "" ? file : resolveRelativePath(`${cwd}/`, file);
    return compilePreset(over(openPresetFile(path)), { id: path, resolve: k6PresetResolver });
  }
  const name = id ?? options.fallback ?? "error-aware";
  if (SHIPPED_PRESETS[name] === undefined) {
    throw new PresetError(`-e PRESET must be a shipped preset (${Object.keys(SHIPPED_PRESETS).join(", ")}), got ${JSON.stringify(name)}; use -e PRESET_FILE=<path> for a file`);
  }
  return compilePreset(over(shippedPreset(name)), { id: name, resolve: k6PresetResolver });
}
