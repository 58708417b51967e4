import { existsSync } from "node:fs";
import { copyFile } from "node:fs/promises";
import { describe, formatTolerance, parseTolerance, type CompareTolerance } from "../../core/verdict/compare.ts";
import { table } from "../../core/report/text.ts";
import { terminalLines, terminalText } from "../../core/escape/terminal.ts";
import { compareToBaseline } from "../baseline-files.ts";
import { parse, type Command } from "./shared.ts";
import { SummaryFileError, UsageError } from "../../core/errors.ts";

/**
 * `loadgate compare`: a run's summary.json against a baseline; exit 1 on a regression, 3 when either
 * run was inconclusive, 4 when a file cannot be compared (missing, unreadable, not a summary.json).
 */
export const compare: Command = {
  name: "compare",
  summary: "compare a summary.json with a baseline: regression, improvement, within noise or inconclusive",
  usage: [
    "usage: loadgate compare <current> <baseline> [--tolerance 5%] [--abs-tolerance 2ms] [--error-tolerance 0.1%] [--update-baseline] [--json]",
    "  <current>, <baseline>   summary.json files written by summary() (handleSummary)",
    "  --tolerance P           relative change treated as noise (default 5%)",
    "  --abs-tolerance D       latency change treated as noise, so tiny values do not flap (default 2ms)",
    "  --error-tolerance P     error-rate change treated as noise, in points (default 0.1%)",
    "  --update-baseline       copy <current> over <baseline> unless it regressed or was inconclusive (creates it when missing)",
    "  --json                  print the comparison as JSON",
    "  (either file may be gzip-compressed)",
    "exit codes: 0 no regression, 1 regression, 2 usage error, 3 inconclusive (this run or the baseline could not support a verdict),",
    "  4 nothing compared: a file is missing, unreadable or not a loadgate summary.json (no baseline yet: --update-baseline makes this run the baseline)",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parse(this, args, {
      tolerance: { type: "string" },
      "abs-tolerance": { type: "string" },
      "error-tolerance": { type: "string" },
      "update-baseline": { type: "boolean" },
      json: { type: "boolean" },
    });
    if (positionals.length !== 2) {
      throw new UsageError(`loadgate compare: expected <current> <baseline>, got ${positionals.length} file(s)\n${this.usage}`);
    }
    const [current, baseline] = positionals as [string, string];
    const tolerance: Partial<CompareTolerance> = {};
    try {
      if (values.tolerance !== undefined) tolerance.relative = parseTolerance(values.tolerance, "relative", "--tolerance");
      if (values["abs-tolerance"] !== undefined) tolerance.absoluteMs = parseTolerance(values["abs-tolerance"], "absolute", "--abs-tolerance");
      if (values["error-tolerance"] !== undefined) tolerance.errorRate = parseTolerance(values["error-tolerance"], "relative", "--error-tolerance");
    } catch (error) {
      throw new UsageError(`loadgate compare: ${(error as Error).message}`);
    }
    if (values["update-baseline"] && !existsSync(baseline)) {
      await copyFile(current, baseline);
      console.log(`no baseline at ${terminalText(baseline)}: ${terminalText(current)} is the baseline now`);
      return 0;
    }
    let result: Awaited<ReturnType<typeof compareToBaseline>>;
    try {
      result = await compareToBaseline(current, baseline, { tolerance, updateBaseline: values["update-baseline"] ?? false });
    } catch (error) {
      // Nothing was compared: never the exit code of a regression.
      if (!(error instanceof SummaryFileError)) throw error;
      console.error(terminalLines(`loadgate compare: ${error.message}`));
      return 4;
    }
    if (values.json) {
      console.log(JSON.stringify(result, null, 2));
    } else {
      console.log(`loadgate compare: ${result.verdict.toUpperCase()}  (${terminalText(current)} against ${terminalText(baseline)}; noise ${formatTolerance(result.tolerance)})`);
      for (const reason of result.reasons) console.log(`  ${terminalText(reason)}`);
      console.log("");
      console.log(
        table(
          [
            ["scope", "metric", "baseline → now", "movement"],
            ...result.deltas.map((d) => [d.scope, d.metric, describe(d), d.note ? `${d.movement} (${d.note})` : d.movement]),
          ],
          "  ",
        ).join("\n"),
      );
      if (result.baselineUpdated) console.log(`\nbaseline updated: ${terminalText(baseline)}`);
    }
    return result.verdict === "regression" ? 1 : result.verdict === "inconclusive" ? 3 : 0;
  },
};
