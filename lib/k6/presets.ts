import type { Preset } from "../core/preset.ts";
import errorAware from "../../thresholds/error-aware.json" with { type: "json" };

/** The presets shipped in `thresholds/`, inlined into every bundle by esbuild. */
export const SHIPPED_PRESETS: Readonly<Record<string, Preset>> = {
  "error-aware": errorAware as Preset,
};

/** The shipped preset named `id`, or a `RangeError` listing the ids there are. */
export function shippedPreset(id: string): Preset {
  const preset = SHIPPED_PRESETS[id];
  if (preset === undefined) {
    throw new RangeError(`unknown preset ${JSON.stringify(id)}; shipped presets: ${Object.keys(SHIPPED_PRESETS).join(", ")}`);
  }
  return preset;
}
