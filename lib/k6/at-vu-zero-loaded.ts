// Loads the code behind facades.ts (at-vu-zero.ts) in the inits where __VU is 0, and nowhere else.
// This file is what Node and a script that imports loadgate unbundled run: a top-level `await import()`.
// `loadgate build` puts two lines of its own in its place (bundle/lazy-modules.ts) that load the same
// module with a `require()` that esbuild resolves inside the bundle: a plain call of the function the
// module is bundled in, where an `import()` would have esbuild add the helpers that turn a CommonJS
// module into an ES one to the bundle's top level, which every VU runs (docs/k6-facts.md, "Init
// context and VUs").
import { readsOptions } from "./options-init.ts";

/** The code behind facades.ts where k6 reads options (`__VU` 0); undefined in a VU's own init. */
export const atVuZero = readsOptions() ? await import("./at-vu-zero.ts") : undefined;
