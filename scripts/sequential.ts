// One user sending REQUESTS requests one after another, each when the previous one has answered.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/sequential.js
// Common variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// TIMEOUT (10s), PRESET (error-aware).
// Variables of this script: REQUESTS (10), MAX_DURATION (10m, an upper bound: not scaled).
import { compilePreset, envDuration, envInt, envString, exercise, sequential, shippedPreset, targetFromEnv } from "../lib/index.ts";

const target = targetFromEnv(__ENV);
const PRESET = envString(__ENV, "PRESET", "error-aware");

export const options = {
  scenarios: {
    sequential: sequential({ requests: envInt(__ENV, "REQUESTS", 10), maxDuration: envDuration(__ENV, "MAX_DURATION", "10m") }),
  },
  ...compilePreset(shippedPreset(PRESET), `preset ${PRESET}`),
};

export default function (): void {
  exercise(target);
}
