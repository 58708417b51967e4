// A burst of concurrent users against one endpoint, judged by an error-aware preset.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 build/burst.js
// Variables: BASE_URL (required), ENDPOINT (/search), METHOD (POST), BODY ({"query":"..."}),
// VUS (10), REQUESTS (30), TIMEOUT (10s), PRESET (error-aware) or PRESET_FILE (a preset file).
import { burst, envInt, exercise, presetFromEnv, targetFromEnv } from "../lib/index.ts";

const target = targetFromEnv(__ENV);

export const options = {
  scenarios: {
    burst: burst({ vus: envInt(__ENV, "VUS", 10), requests: envInt(__ENV, "REQUESTS", 30) }),
  },
  ...presetFromEnv(__ENV),
};

export default function (): void {
  exercise(target);
}
