// An exception in the script's own code, below the code loadgate loads where __VU is 0: k6 must
// name this file and line in its stack trace (test/integration/vu-init.test.ts).
import { plan, sequential, summary } from "../../../lib/index.ts";

export const options = { scenarios: plan({ main: sequential({ requests: 1, maxDuration: "10s" }) }).scenarios };

function failing(): never {
  throw new Error("stack-trace: thrown on purpose");
}

export default function (): void {
  failing();
}

export const handleSummary = summary({ files: [], stdout: false });
