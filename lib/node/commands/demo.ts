import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { bundleScripts } from "../bundle.ts";
import { readyScriptsDir } from "../ready-scripts.ts";
import { ensureK6 } from "../k6-binary.ts";
import { runK6 } from "../run-k6.ts";
import { startTarget } from "../demo-target.ts";
import { parse, type Command } from "./shared.ts";
import { TARGET_FLAG_OPTIONS, TARGET_FLAGS_HELP, targetSettings } from "./target.ts";
import { terminalText } from "../../core/escape/terminal.ts";

export const demo: Command = {
  name: "demo",
  summary: "build, start the demo target, run build/burst.js against it with k6",
  usage: `usage: loadgate demo [--script build/burst.js] [target flags]\n${TARGET_FLAGS_HELP}`,
  async run(args) {
    const { values } = parse(this, args, { ...TARGET_FLAG_OPTIONS, script: { type: "string" } }, false);
    const settings = targetSettings("demo", values);
    const k6 = await ensureK6();
    const script = values.script ?? "build/burst.js";
    // The ready script shipped with loadgate, whether this runs in its repository or an installed package.
    if (values.script === undefined) await bundleScripts([join(readyScriptsDir(), "burst.ts")], { typeCheck: false });
    // burst.js writes its reports to REPORT_DIR (k6 reads it from the environment too), default
    // reports/; k6 does not create folders.
    mkdirSync(process.env["REPORT_DIR"] || "reports", { recursive: true });
    // k6 reads its settings from the environment too; this one skips handleSummary (internal/cmd/run.go).
    if (process.env["K6_SUMMARY_MODE"] === "disabled") {
      console.error("loadgate demo: K6_SUMMARY_MODE=disabled is set: k6 will skip handleSummary, so no verdict is printed and no report is written; unset it to keep them");
    }
    const running = await startTarget(settings);
    console.error(`loadgate demo: target (${settings.mode.kind}) at ${running.url}; running ${terminalText(script)} with k6 v${k6.version}`);
    try {
      const result = await runK6(k6.path, script, { vars: { BASE_URL: running.url } });
      console.error(`loadgate demo: k6 exited ${result.code}; the target served ${running.stats().requests} requests`);
      return result.code;
    } finally {
      await running.close();
    }
  },
};
