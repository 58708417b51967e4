// Where k6 reads a script's options. k6 takes `options` from the first init only (populateExports,
// internal/js/bundle.go), which has __VU 0 like the inits before setup and handleSummary; every VU
// then runs the init code again in its own runtime with __VU set to its number (internal/js/runner.go).

/**
 * True in an init whose results k6 may read as options (`__VU` 0, or outside k6); false in a VU's
 * own init, where options-only work (compiling thresholds) would build objects nobody reads, once per VU.
 */
export function readsOptions(): boolean {
  return typeof __VU !== "number" || __VU === 0;
}
