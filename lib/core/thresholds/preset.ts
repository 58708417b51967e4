import type { Threshold } from "k6/options";
import { compileGate, type Gate } from "./gate.ts";
import { KNOWN_METRIC_TYPES, methodFits, parseThresholdExpression, parseThresholdMetric } from "../vocabulary/threshold-grammar.ts";
import { pointerPart } from "./schema-errors.ts";
import type { Scope } from "../vocabulary/metric-key.ts";
import { PresetError } from "../errors.ts";
import { addThresholds, mergeTrendStats, type CompiledThresholds } from "./record.ts";

/** A threshold preset: the JSON format of `thresholds/<id>.json` (see thresholds/schema.json). */
export interface Preset {
  $schema?: string;
  /** What the budget is for, in one sentence. */
  description?: string;
  /**
   * Presets merged before this one, in order (later wins): a shipped id (`error-aware`), a relative
   * path (`./team.json`) or a file in an npm package (`@acme/perf-presets/search.json`).
   */
  extends?: string | readonly string[];
  /** The error-aware gate for the whole run. */
  gates?: Gate;
  /**
   * Gates for the requests carrying a tag (`"scenario:peak"`, `"step:5"`, `"scenario:peak,step:5"`):
   * each inherits `gates` (except `phases`) and overrides it.
   */
  scopes?: Readonly<Record<string, Gate>>;
  /** Raw k6 thresholds passed through unchanged, for anything the gates do not cover. */
  thresholds?: Readonly<Record<string, readonly Threshold[]>>;
}

/** A preset found by a {@link PresetResolver}: `id` is its canonical name (shipped id or absolute path). */
export interface ResolvedPreset {
  id: string;
  preset: Preset;
}

/**
 * Finds the preset an `extends` entry names. `from` is the id of the preset that names it (so
 * relative paths resolve against its folder). Throws a {@link PresetError} when there is none.
 * The resolver does the I/O; the compiler stays pure.
 */
export type PresetResolver = (ref: string, from: string) => ResolvedPreset;

/** How an `extends` entry is looked up: by shipped id, relative path, or npm package file. */
export type PresetRefKind = "shipped" | "path" | "package";

/** `error-aware` is shipped, `./team.json` and `/abs/team.json` are paths, anything else (`@acme/perf/search.json`) a package file. */
export function presetRefKind(ref: string): PresetRefKind {
  if (/^\.{1,2}\//.test(ref) || ref.startsWith("/") || /^[A-Za-z]:[\\/]/.test(ref)) return "path";
  if (/^[a-z0-9][a-z0-9._-]*$/.test(ref) && !ref.endsWith(".json")) return "shipped";
  return "package";
}

/** Joins a relative path to the folder of `from`, POSIX style (for k6, which has no path module). */
export function resolveRelativePath(from: string, ref: string): string {
  if (ref.startsWith("/")) return ref;
  const base = from.includes("/") ? from.slice(0, from.lastIndexOf("/")) : ".";
  const parts: string[] = [];
  const absolute = base.startsWith("/");
  for (const part of `${base}/${ref}`.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
    else if (part !== ".." || !absolute) parts.push(part);
  }
  return `${absolute ? "/" : ""}${parts.join("/")}`;
}

function refsOf(preset: Preset): readonly string[] {
  const refs = preset.extends;
  if (refs === undefined) return [];
  return typeof refs === "string" ? [refs] : refs;
}

function mergeRecords<T>(
  a: Readonly<Record<string, T>> | undefined,
  b: Readonly<Record<string, T>> | undefined,
  merge: (x: T, y: T) => T,
): Record<string, T> | undefined {
  if (a === undefined) return b === undefined ? undefined : { ...b };
  if (b === undefined) return { ...a };
  const out: Record<string, T> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const base = out[key];
    out[key] = base === undefined ? value : merge(base, value);
  }
  return out;
}

/** Merges two gates: keys of `over` win; `phases` merge by phase name, then by key. */
export function mergeGates(base: Gate | undefined, over: Gate | undefined): Gate | undefined {
  if (base === undefined) return over;
  if (over === undefined) return base;
  const phases = mergeRecords(base.phases, over.phases, (x, y) => ({ ...x, ...y }));
  return { ...base, ...over, ...(phases === undefined ? {} : { phases }) };
}

/**
 * Merges two presets, `over` winning: gates, scopes and phases deeply, raw thresholds per metric.
 * The result has `over`'s description and no `extends`.
 */
export function mergePresets(base: Preset, over: Preset): Preset {
  const out: Preset = {};
  const description = over.description ?? base.description;
  if (description !== undefined) out.description = description;
  const gates = mergeGates(base.gates, over.gates);
  if (gates !== undefined) out.gates = gates;
  const scopes = mergeRecords(base.scopes, over.scopes, (x, y) => mergeGates(x, y) as Gate);
  if (scopes !== undefined) out.scopes = scopes;
  const thresholds = mergeRecords<readonly Threshold[]>(base.thresholds, over.thresholds, (_x, y) => y);
  if (thresholds !== undefined) out.thresholds = thresholds;
  return out;
}

/**
 * Resolves a preset's `extends` into one preset without `extends`: presets are merged in
 * depth-first order, later winning, each applied once where it first appears (so a base shared by
 * two presets in the chain cannot undo what the first of them changed). Throws a
 * {@link PresetError} naming the chain on an unknown preset or a cycle.
 * @example flattenPreset("team.json", { extends: ["error-aware"], gates: { p95: 500 } }, resolver)
 */
export function flattenPreset(id: string, preset: Preset, resolve?: PresetResolver): Preset {
  const order: Preset[] = [];
  const done = new Set<string>();
  const visit = (current: ResolvedPreset, path: readonly string[]): void => {
    const chain = [...path, current.id];
    refsOf(current.preset).forEach((ref, index) => {
      const where = `${current.id}: /extends${typeof current.preset.extends === "string" ? "" : `/${index}`}`;
      if (resolve === undefined) {
        throw new PresetError(`${where}: cannot resolve ${JSON.stringify(ref)} without a preset resolver`);
      }
      let found: ResolvedPreset;
      try {
        found = resolve(ref, current.id);
      } catch (error) {
        const reason = (error as Error).message;
        const names = `extends chain: ${[...chain, ref].join(" → ")}`;
        // A file's own problems are already one line each, with their file: name the chain above them.
        throw new PresetError(reason.includes("\n") ? `${where}: ${names}:\n${reason}` : `${where}: ${reason} (${names})`);
      }
      if (chain.includes(found.id)) {
        throw new PresetError(`${where}: circular extends: ${[...chain, found.id].join(" → ")}`);
      }
      if (!done.has(found.id)) visit(found, chain);
    });
    done.add(current.id);
    order.push(current.preset);
  };
  visit({ id, preset }, []);
  return order.reduce<Preset>((merged, next) => mergePresets(merged, next), {});
}

/** Parses a scope key such as `scenario:peak,step:5` into tags. */
export function parseScopeKey(key: string, where: string): Scope {
  const scope: Record<string, string> = {};
  for (const part of key.split(",")) {
    const colon = part.indexOf(":");
    const tag = part.slice(0, colon);
    const value = part.slice(colon + 1);
    if (colon <= 0 || value === "" || value.includes(":")) {
      throw new PresetError(`${where}: a scope key must be tag:value pairs separated by "," such as "scenario:peak", got ${JSON.stringify(key)}`);
    }
    scope[tag] = value;
  }
  return scope;
}

/**
 * Checks raw thresholds against k6's grammar (metric selector, expression, and the aggregation
 * method against the type of k6's built-in and loadgate's metrics). Returns the trend stats they use.
 */
export function checkRawThresholds(thresholds: Preset["thresholds"], where: string): string[] {
  const stats: string[] = [];
  for (const [metric, entries] of Object.entries(thresholds ?? {})) {
    const at = `${where}: /thresholds/${pointerPart(metric)}`;
    const parsedMetric = parseThresholdMetric(metric);
    if (Array.isArray(parsedMetric)) {
      throw new PresetError(`${at}: the key must be a k6 metric with optional tags such as "http_req_duration{scenario:peak}", got ${JSON.stringify(metric)} (${parsedMetric[0]})`);
    }
    entries.forEach((entry, index) => {
      const source = typeof entry === "string" ? entry : entry.threshold;
      const parsed = parseThresholdExpression(source);
      if (typeof parsed === "string") {
        throw new PresetError(
          `${at}/${index} must be a k6 threshold expression such as "p(95)<500", "rate<0.01" or "count>=1", got ${JSON.stringify(source)} (${parsed})`,
        );
      }
      const type = KNOWN_METRIC_TYPES[parsedMetric.name];
      if (type !== undefined && !methodFits(parsed.method, type)) {
        throw new PresetError(
          `${at}/${index} must use an aggregation method of a ${type} (${type === "Trend" ? "avg, min, med, max, p(N)" : type === "Counter" ? "count, rate" : type === "Rate" ? "rate" : "value"}), got ${JSON.stringify(source)}`,
        );
      }
      if (!["count", "rate", "value"].includes(parsed.method)) stats.push(parsed.method);
    });
  }
  return stats;
}

/** Options of {@link compilePreset}. */
export interface CompilePresetOptions {
  /** The preset's name in messages and the start of its `extends` chain. @default "preset" */
  id?: string;
  /** Looks up `extends` entries; required when the preset (or one it extends) has any. */
  resolve?: PresetResolver;
}

/**
 * Compiles a preset to a fragment of k6 options: `thresholds` (gates, success-count guards, one
 * gate per scope, phase budgets, raw thresholds) and the `summaryTrendStats` they use.
 * @example export const options = { scenarios, ...compilePreset(preset, { id: "team.json", resolve }) };
 */
export function compilePreset(preset: Preset, options: CompilePresetOptions | string = {}): CompiledThresholds {
  const { id = "preset", resolve } = typeof options === "string" ? { id: options } : options;
  const flat = flattenPreset(id, preset, resolve);
  const rawStats = checkRawThresholds(flat.thresholds, id);
  const stats: string[] = [];
  const guard = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof RangeError) throw new PresetError(error.message);
      throw error;
    }
  };

  const compiled = guard(() => compileGate(flat.gates ?? {}, { where: `${id}: /gates` }));
  const thresholds = compiled.thresholds;
  stats.push(...compiled.summaryTrendStats);
  const { phases: _runPhases, ...inherited } = flat.gates ?? {};
  for (const [key, gate] of Object.entries(flat.scopes ?? {})) {
    const where = `${id}: /scopes/${pointerPart(key)}`;
    const scope = parseScopeKey(key, where);
    const scoped = guard(() => compileGate({ ...inherited, ...gate }, { scope, where }));
    for (const [metric, entries] of Object.entries(scoped.thresholds)) addThresholds(thresholds, metric, entries);
    stats.push(...scoped.summaryTrendStats);
  }
  for (const [metric, entries] of Object.entries(flat.thresholds ?? {})) {
    addThresholds(thresholds, metric, [...entries]);
  }
  return { thresholds, summaryTrendStats: mergeTrendStats(stats, rawStats) };
}
