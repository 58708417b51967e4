// Prints what a script's loadgate calls give in each init k6 runs: where __VU is 0 (options, setup,
// handleSummary) and in each VU's own init.
import { burst, plan, presetFromEnv, summary } from "../../../lib/index.ts";

const parts = plan({ main: burst({ vus: 3, requests: 6 }) });
const gates = presetFromEnv(__ENV);
const thresholds = { ...parts.thresholds, ...gates.thresholds };

console.log(`init __VU=${__VU} main=${JSON.stringify(parts.scenarios["main"])} thresholds=${Object.keys(thresholds).length}`);

export const options = { scenarios: parts.scenarios, thresholds };

export default function (): void {}

export const handleSummary = summary({ files: [], dataFile: __ENV["DATA_FILE"] ?? "data.json" });
