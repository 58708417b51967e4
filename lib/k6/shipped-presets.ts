// The presets shipped in thresholds/, inlined by esbuild into the bundles that use them.
import type { Preset } from "../core/thresholds/preset.ts";
import { PresetError } from "../core/errors.ts";
import bookingApi from "../../thresholds/booking-api.json" with { type: "json" };
import crudApi from "../../thresholds/crud-api.json" with { type: "json" };
import databaseAggregation from "../../thresholds/database-aggregation.json" with { type: "json" };
import databaseFullText from "../../thresholds/database-full-text.json" with { type: "json" };
import databaseIndexed from "../../thresholds/database-indexed.json" with { type: "json" };
import databaseJoin from "../../thresholds/database-join.json" with { type: "json" };
import errorAware from "../../thresholds/error-aware.json" with { type: "json" };
import ragSearch from "../../thresholds/rag-search.json" with { type: "json" };
import strict from "../../thresholds/strict.json" with { type: "json" };

/** The presets shipped in `thresholds/`, inlined into every bundle by esbuild. */
export const SHIPPED_PRESETS: Readonly<Record<string, Preset>> = {
  "error-aware": errorAware as Preset,
  strict: strict as Preset,
  "rag-search": ragSearch as Preset,
  "booking-api": bookingApi as Preset,
  "crud-api": crudApi as Preset,
  "database-indexed": databaseIndexed as Preset,
  "database-join": databaseJoin as Preset,
  "database-aggregation": databaseAggregation as Preset,
  "database-full-text": databaseFullText as Preset,
};

/** The shipped preset named `id`, or a `PresetError` listing the ids there are. */
export function shippedPreset(id: string): Preset {
  const preset = SHIPPED_PRESETS[id];
  if (preset === undefined) {
    throw new PresetError(`unknown preset ${JSON.stringify(id)}; shipped presets: ${Object.keys(SHIPPED_PRESETS).join(", ")}`);
  }
  return preset;
}
