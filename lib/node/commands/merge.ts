import { mkdir } from "node:fs/promises";
import { assertInputFiles, writeFileWhole } from "../input-files.ts";
import { compilePresetRef } from "../preset-files.ts";
import { RENDER_REPORTS_DEFAULTS, renderReportFiles, REPORT_FILES } from "../../core/report/files.ts";
import { mergeK6Outputs, mergeSummaryReport, type MergeOptions } from "../merge.ts";
import { parse, type Command } from "./shared.ts";
import { MergeError, UsageError } from "../../core/errors.ts";
import { terminalLines } from "../../core/escape/terminal.ts";

/** `loadgate merge`: one verdict over every runner's k6 JSON output. */
export const merge: Command = {
  name: "merge",
  summary: "one verdict over several runners' k6 --out json files (k6-operator, execution segments)",
  usage: `usage: loadgate merge <runner files...> --preset id|file [--runners N] [--out DIR]
  --preset id|file   the preset to judge with: a shipped id or a preset file (required)
  --runners N        fail unless there are exactly N files (one per runner)
  --out DIR          also write the reports of a single run to DIR: ${Object.values(REPORT_FILES).join(", ")}
  --allow-truncated  judge a file that ends mid-line (a runner killed while writing) by its complete lines
exit code: 0 PASS over all runners' samples, 99 FAIL or INCONCLUSIVE (like k6 with a loadgate preset), 1 the files do not make a run`,
  async run(args) {
    const { values, positionals } = parse(this, args, {
      preset: { type: "string" },
      runners: { type: "string" },
      out: { type: "string" },
      "allow-truncated": { type: "boolean" },
    });
    if (positionals.length === 0) throw new UsageError(`loadgate merge: give the runners' k6 JSON output files\n${this.usage}`);
    if (values.preset === undefined) {
      throw new UsageError(
        `loadgate merge: --preset is required (k6's JSON output does not list sub-metric thresholds, so the files cannot say what to judge)\n${this.usage}`,
      );
    }
    const options: MergeOptions = { thresholds: compilePresetRef(values.preset).thresholds, allowTruncated: values["allow-truncated"] === true };
    assertInputFiles(positionals);
    if (values.runners !== undefined) {
      if (!/^[1-9]\d*$/.test(values.runners)) {
        throw new UsageError(`loadgate merge: --runners must be a whole number >= 1, got ${JSON.stringify(values.runners)}`);
      }
      options.runners = Number(values.runners);
    }
    let result;
    try {
      result = await mergeK6Outputs(positionals, options);
    } catch (error) {
      if (!(error instanceof MergeError)) throw error;
      console.error(terminalLines(`loadgate merge: ${error.message}`));
      return 1;
    }
    // The same verdict and reports as a single run, rendered by the same renderers.
    const report = mergeSummaryReport(result);
    const files = renderReportFiles(report, {
      dir: values.out ?? "",
      // Without --out nothing is written, and the summary lists no report files.
      files: values.out === undefined ? [] : RENDER_REPORTS_DEFAULTS.files,
      color: process.stdout.isTTY === true,
    });
    process.stdout.write(files["stdout"] ?? "");
    if (values.out !== undefined) {
      await mkdir(values.out, { recursive: true });
      for (const [path, text] of Object.entries(files)) if (path !== "stdout") writeFileWhole(path, text);
    }
    return report.verdict === "pass" ? 0 : 99;
  },
};
