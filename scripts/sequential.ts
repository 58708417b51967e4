// One user sending REQUESTS requests one after another, each when the previous one has answered.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/sequential.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file).
// Variables of this script: REQUESTS (10), MAX_DURATION (10m, an upper bound: not scaled).
import { envDuration, envInt, exercise, presetFromEnv, sequential, targetFromEnv } from "../lib/index.ts";

const target = targetFromEnv(__ENV);

export const options = {
  scenarios: {
    sequential: sequential({ requests: envInt(__ENV, "REQUESTS", 10), maxDuration: envDuration(__ENV, "MAX_DURATION", "10m") }),
  },
  ...presetFromEnv(__ENV),
};

export default function (): void {
  exercise(target);
}
