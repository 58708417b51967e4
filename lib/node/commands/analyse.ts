import { mkdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { toMilliseconds } from "../../core/vocabulary/duration.ts";
import { ANALYSE_DEFAULTS, analyseK6Output, FINDING_KINDS, type AnalyseOptions, type FindingKind } from "../analyse/analyse.ts";
import { ANALYSE_FORMATS, renderAnalysis, type AnalyseFormat } from "../analyse/render.ts";
import { truncationProblem, assertInputFiles, writeFileWhole } from "../input-files.ts";
import { numberFlag, parse, type Command } from "./shared.ts";
import { UsageError } from "../../core/errors.ts";
import { terminalText } from "../../core/escape/terminal.ts";

const EXTENSIONS: Record<AnalyseFormat, string> = { text: "txt", json: "json", md: "md", html: "html" };

export const analyse: Command = {
  name: "analyse",
  summary: "find degradation, cold starts, a ladder's capacity and knee, and fast failures in k6 --out json output",
  usage: `usage: loadgate analyse <run.json|run.json.gz> [flags]
  --format text|json|md|html   output format (default text)
  --out DIR                    write DIR/<run>.<txt|json|md|html> instead of printing
  --window DURATION            time window of the tables and charts (default ${ANALYSE_DEFAULTS.windowMs / 1000}s)
  --fail-on KINDS              exit 1 when any of these is found, comma-separated:
                               ${FINDING_KINDS.join(", ")}
  --p95 MS                     the gate: a ladder step is outside it when its p(95) over successes is above MS
  --max-error-rate R           the gate: a ladder step is outside it when its error rate is above R (default ${ANALYSE_DEFAULTS.maxErrorRate})
  the capacity is the highest step within the gate; the knee, where throughput stopped scaling, is a separate finding`,
  async run(args) {
    const { values, positionals } = parse(this, args, {
      format: { type: "string" },
      out: { type: "string" },
      window: { type: "string" },
      "fail-on": { type: "string" },
      p95: { type: "string" },
      "max-error-rate": { type: "string" },
    });
    if (positionals.length !== 1) {
      throw new UsageError(`loadgate analyse: expected one k6 JSON output file, got ${positionals.length}\n${this.usage}`);
    }
    const file = positionals[0]!;
    const format = (values.format ?? "text") as AnalyseFormat;
    if (!ANALYSE_FORMATS.includes(format)) {
      throw new UsageError(`loadgate analyse: --format must be one of ${ANALYSE_FORMATS.join(", ")}, got ${JSON.stringify(values.format)}`);
    }
    const failOn = (values["fail-on"] ?? "")
      .split(",")
      .map((k) => k.trim())
      .filter((k) => k !== "");
    for (const kind of failOn) {
      if (!(FINDING_KINDS as readonly string[]).includes(kind)) {
        throw new UsageError(`loadgate analyse: --fail-on takes ${FINDING_KINDS.join(", ")}, got ${JSON.stringify(kind)}`);
      }
    }
    const options: AnalyseOptions = {};
    if (values.window !== undefined) {
      let windowMs: number;
      try {
        windowMs = toMilliseconds(values.window, "--window");
      } catch (error) {
        throw new UsageError(`loadgate analyse: ${(error as Error).message}`);
      }
      if (!(windowMs > 0)) throw new UsageError(`loadgate analyse: --window must be a duration > 0 ("10s", "500ms"), got ${JSON.stringify(values.window)}`);
      options.windowMs = windowMs;
    }
    if (values.p95 !== undefined) options.p95Ms = numberFlag("analyse", "p95", values.p95, 0, 0);
    if (values["max-error-rate"] !== undefined) {
      const rate = numberFlag("analyse", "max-error-rate", values["max-error-rate"], 0, 0);
      if (rate > 1) throw new UsageError(`loadgate analyse: --max-error-rate must be a number from 0 to 1, got ${JSON.stringify(values["max-error-rate"])}`);
      options.maxErrorRate = rate;
    }
    // Progress only for a person watching: never in a pipe or a CI log.
    let lastShown = 0;
    if (process.stderr.isTTY) {
      options.onProgress = (done, total) => {
        const now = Date.now();
        if (now - lastShown < 200) return;
        lastShown = now;
        process.stderr.write(`\rloadgate analyse: ${file} ${((100 * done) / total).toFixed(0)}% of ${(total / 1e6).toFixed(1)} MB`);
      };
    }
    assertInputFiles([file]);
    const analysis = await analyseK6Output(file, options);
    if (lastShown > 0) process.stderr.write("\r\x1b[K");
    // A killed run's file ends mid-line: the analysis of what did happen is the point, so the cut
    // line is reported and skipped here (the report says so too); `loadgate merge` refuses it instead.
    const cut = truncationProblem(file, analysis.read);
    if (cut !== undefined) console.error(`loadgate analyse: warning: ${terminalText(cut)}; analysed the complete lines before it`);
    const text = renderAnalysis(analysis, format);
    if (values.out !== undefined) {
      await mkdir(values.out, { recursive: true });
      const path = join(values.out, `${basename(file).replace(/\.json(\.gz)?$|\.gz$/, "")}.${EXTENSIONS[format]}`);
      writeFileWhole(path, text);
      console.log(terminalText(path));
    } else {
      process.stdout.write(text);
    }
    const failing = analysis.findings.filter((f) => failOn.includes(f.kind as FindingKind));
    if (failing.length > 0) {
      console.error(`loadgate analyse: --fail-on ${failOn.join(",")}: found ${failing.map((f) => `${f.kind} (${terminalText(f.scope)})`).join(", ")}`);
      return 1;
    }
    return 0;
  },
};
