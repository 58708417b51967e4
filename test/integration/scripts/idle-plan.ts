// A plan whose first part asks for one request and then waits out a 4s gracefulStop: mostly idle.
import { burst, plan, sequential } from "../../../lib/index.ts";

const parts = plan({ warmup: { ...sequential({ requests: 1 }), gracefulStop: "4s" }, main: burst({ vus: 3, requests: 3 }) }, { expectedLatency: "100ms" });

export const options = { scenarios: parts.scenarios };

export default function (): void {}
