import { existsSync } from "node:fs";
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { comparisonRows, formatTolerance, parseTolerance, type CompareTolerance } from "../../core/verdict/compare.ts";
import { table } from "../../core/report/text.ts";
import { terminalLines, terminalText } from "../../core/escape/terminal.ts";
import { compareToBaseline, readSummary } from "../baseline-files.ts";
import { parse, type Command } from "./shared.ts";
import { SummaryFileError, UsageError } from "../../core/errors.ts";
import { compareRunFiles, learnNoiseFiles } from "../compare-samples/compare-files.ts";

/**
 * `loadgate compare`: a run's summary.json against a baseline; exit 1 on a regression, 3 when either
 * run was inconclusive, 4 when a file cannot be compared (missing, unreadable, not a summary.json).
 */
export const compare: Command = {
  name: "compare",
  summary: "compare a summary.json with a baseline: regression, improvement, within noise or inconclusive",
  usage: [
    "usage: loadgate compare <current> <baseline> [--tolerance 5%] [--abs-tolerance 2ms] [--error-tolerance 0.1%] [--update-baseline] [--json] [--markdown FILE] [--noise FILE]",
    "  <current>, <baseline>   summary.json files written by summary() (handleSummary): a summary-only comparison;",
    "                          or two k6 JSON output files (.json, .json.gz): their samples compared with bootstrap intervals",
    "  --markdown FILE         k6 JSON output: also write the comparison as Markdown for a pull-request comment",
    "  --noise FILE            k6 JSON output: widen the intervals by the noise between runs learned with --learn-noise",
    "  --learn-noise FILE      learn that noise from A/A pairs instead: loadgate compare --learn-noise noise.json a1 b1 a2 b2 a3 b3 ...",
    "  --tolerance P           relative change treated as noise (default 5%)",
    "  --abs-tolerance D       latency change treated as noise, so tiny values do not flap (default 2ms)",
    "  --error-tolerance P     error-rate change treated as noise, in points (default 0.1%)",
    "  --update-baseline       copy <current> over <baseline> unless it regressed or was inconclusive (creates it, and its folder, when missing)",
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
      markdown: { type: "string" },
      noise: { type: "string" },
      "learn-noise": { type: "string" },
    });
    if (values["learn-noise"] !== undefined) {
      const model = await learnNoiseFiles(values["learn-noise"], positionals);
      console.log(`loadgate compare: noise between runs learned from ${model.pairs} A/A pairs, written to ${terminalText(values["learn-noise"])}`);
      for (const [figure, noise] of Object.entries(model.figures)) console.log(`  ${terminalText(figure)}: ±${noise.betweenRunsMs.toFixed(1)} ms between runs`);
      return 0;
    }
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
    const samples = await compareRunFiles(current, baseline, {
      json: values.json ?? false,
      markdown: values.markdown,
      noise: values.noise,
      updateBaseline: values["update-baseline"] ?? false,
    });
    if (samples !== undefined) return samples;
    for (const flag of ["markdown", "noise"] as const) {
      if (values[flag] !== undefined) throw new UsageError(`loadgate compare: --${flag} needs two k6 JSON output files\n${this.usage}`);
    }
    if (values["update-baseline"] && !existsSync(baseline)) {
      // Only a run that passed becomes the first baseline: a failed or inconclusive one would vouch for nothing.
      let verdict: string;
      try {
        verdict = (await readSummary(current)).verdict;
      } catch (error) {
        if (!(error instanceof SummaryFileError)) throw error;
        console.error(terminalLines(`loadgate compare: ${error.message}`));
        return 4;
      }
      if (verdict !== "pass") {
        console.error(`loadgate compare: no baseline at ${terminalText(baseline)}, and ${terminalText(current)} was ${verdict.toUpperCase()}: it is not made the baseline`);
        return 4;
      }
      await mkdir(dirname(resolve(baseline)), { recursive: true });
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
      console.log(`loadgate compare: ${result.verdict.toUpperCase()}  (summary-only: ${terminalText(current)} against ${terminalText(baseline)}; noise ${formatTolerance(result.tolerance)})`);
      for (const reason of result.reasons) console.log(`  ${terminalText(reason)}`);
      console.log("");
      console.log(table(comparisonRows(result), "  ").join("\n"));
      if (result.baselineUpdated) console.log(`\nbaseline updated: ${terminalText(baseline)}`);
    }
    return result.verdict === "regression" ? 1 : result.verdict === "inconclusive" ? 3 : 0;
  },
};
