import type { Scenario } from "k6/options";
import { askedLoad } from "../scenarios/asked-load.ts";
import { runMetricsFromHandleSummary } from "../verdict/summary-shapes.ts";
import { buildSummaryReport, type SummaryReport, type SummaryReportOptions } from "../verdict/summary-report.ts";
import { terminalText } from "../escape/terminal.ts";
import { isMachineReadableSummary, type HandleSummaryData } from "../vocabulary/summary-data.ts";
import { renderHtml } from "./html.ts";
import { renderJson } from "./json.ts";
import { renderJunit } from "./junit.ts";
import { renderMarkdown } from "./markdown.ts";
import { describeFailures, renderText, type ReportFailure } from "./text.ts";
import { REPORT_FILES, RENDER_REPORTS_DEFAULTS, type ReportKind } from "./kinds.ts";

export { parseReportKinds, REPORT_FILES, RENDER_REPORTS_DEFAULTS, type ReportKind } from "./kinds.ts";

/** Options of {@link renderReports}: the report model's (ladder, baseline, phase order) and which files. */
export interface RenderReportsOptions extends SummaryReportOptions {
  /** Folder the files go to; k6 writes them and does not create it. @default "reports" */
  dir?: string;
  /** Which files to write. @default ["json", "junit", "markdown", "html"] */
  files?: readonly ReportKind[];
  /** Print the terminal summary to stdout. @default true */
  stdout?: boolean;
  /** Why the files go to `dir` rather than the folder asked for, said under their list. @default undefined */
  filesNote?: string;
  /**
   * The scenarios the run was asked to run (k6's `options.scenarios`; inside handleSummary
   * `exec.test.options.scenarios`), so the verdict can check the load was delivered. @default undefined
   */
  scenarios?: Readonly<Record<string, Scenario>>;
}

/** Joins a folder and a file name with one slash. */
function join(dir: string, name: string): string {
  return dir === "" || dir === "." ? name : `${dir.replace(/\/+$/, "")}/${name}`;
}

/** An error in words: `TypeError: ...`. */
function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Everything handleSummary returns: `stdout` (the terminal summary) and one entry per report file,
 * keyed by path, as k6 expects. It reads either summary shape k6 passes (the legacy one, or
 * `--new-machine-readable-summary`'s). Pure: the same call renders reports in Node. It never throws:
 * when the report cannot be built from `data`, `stdout` says why and no file is written.
 */
export function renderReports(data: HandleSummaryData, options: RenderReportsOptions = {}): Record<string, string> {
  const dir = options.dir ?? RENDER_REPORTS_DEFAULTS.dir;
  const kinds = options.files ?? RENDER_REPORTS_DEFAULTS.files;
  let report: SummaryReport;
  try {
    report = buildSummaryReport(runMetricsFromHandleSummary(data, options.scenarios === undefined ? undefined : askedLoad(options.scenarios)), options);
  } catch (error) {
    const paths = kinds.map((kind) => join(dir, REPORT_FILES[kind]));
    return {
      stdout: `\n  loadgate verdict: INCONCLUSIVE — no report written (${paths.map(terminalText).join(", ")}): loadgate could not read k6's summary data: ${terminalText(describeError(error))}\n`,
    };
  }
  const legacy = isMachineReadableSummary(data) ? undefined : data;
  const color = legacy?.state?.isStdOutTTY === true && legacy.options?.noColor !== true;
  return renderReportFiles(report, {
    dir,
    files: kinds,
    stdout: options.stdout ?? RENDER_REPORTS_DEFAULTS.stdout,
    color,
    ...(options.filesNote === undefined ? {} : { filesNote: options.filesNote }),
  });
}

const RENDERERS: Record<ReportKind, (r: SummaryReport) => string> = {
  json: renderJson,
  junit: renderJunit,
  markdown: renderMarkdown,
  html: renderHtml,
};

/** Options of {@link renderReportFiles}. */
export type RenderReportFilesOptions = Pick<RenderReportsOptions, "dir" | "files" | "stdout" | "filesNote"> & {
  /** ANSI colours in the terminal summary. @default false */
  color?: boolean;
};

/**
 * Every report of an already built {@link SummaryReport} (a single run's, or `loadgate merge`'s),
 * keyed by path as in {@link renderReports}. Each renderer runs on its own: one that throws loses
 * only its own file, and the verdict line names that file and the error.
 */
export function renderReportFiles(report: SummaryReport, options: RenderReportFilesOptions = {}): Record<string, string> {
  const dir = options.dir ?? RENDER_REPORTS_DEFAULTS.dir;
  const kinds = options.files ?? RENDER_REPORTS_DEFAULTS.files;
  const files: Record<string, string> = {};
  const failed: ReportFailure[] = [];
  for (const kind of kinds) {
    const path = join(dir, REPORT_FILES[kind]);
    try {
      files[path] = RENDERERS[kind](report);
    } catch (error) {
      failed.push({ path, error: describeError(error) });
    }
  }
  if (!(options.stdout ?? RENDER_REPORTS_DEFAULTS.stdout)) return files;
  const written = Object.keys(files);
  let stdout: string;
  try {
    stdout = renderText(report, { color: options.color ?? false, files: written, failed, ...(options.filesNote === undefined ? {} : { filesNote: options.filesNote }) });
  } catch (error) {
    // The terminal summary is a renderer too: its failure leaves the verdict and the files.
    const lost = [...failed, { path: "the terminal summary", error: describeError(error) }];
    stdout = [
      "",
      `  loadgate verdict: ${report.verdict.toUpperCase()} — ${describeFailures(lost)}`,
      ...(written.length > 0 ? [`    reports: ${written.map(terminalText).join(", ")}`] : []),
      "",
    ].join("\n");
  }
  return { stdout, ...files };
}
