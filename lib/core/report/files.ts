import type { Scenario } from "k6/options";
import { askedLoad } from "../scenarios/asked-load.ts";
import { runMetricsFromSummary } from "../verdict/run-metrics.ts";
import { buildSummaryReport, type SummaryReport, type SummaryReportOptions } from "../verdict/summary-report.ts";
import type { SummaryData } from "../vocabulary/summary-data.ts";
import { renderHtml } from "./html.ts";
import { renderJson } from "./json.ts";
import { renderJunit } from "./junit.ts";
import { renderMarkdown } from "./markdown.ts";
import { renderText } from "./text.ts";

/** A report file kind and the name it is written under. */
export const REPORT_FILES = {
  json: "summary.json",
  junit: "junit.xml",
  markdown: "summary.md",
  html: "report.html",
} as const;

/** A report file kind: `json`, `junit`, `markdown` or `html`. */
export type ReportKind = keyof typeof REPORT_FILES;

/** Options of {@link renderReports}: the report model's (ladder, baseline, phase order) and which files. */
export interface RenderReportsOptions extends SummaryReportOptions {
  /** Folder the files go to; k6 writes them and does not create it. @default "reports" */
  dir?: string;
  /** Which files to write. @default ["json", "junit", "markdown", "html"] */
  files?: readonly ReportKind[];
  /** Print the terminal summary to stdout. @default true */
  stdout?: boolean;
  /**
   * The scenarios the run was asked to run (k6's `options.scenarios`; inside handleSummary
   * `exec.test.options.scenarios`), so the verdict can check the load was delivered. @default undefined
   */
  scenarios?: Readonly<Record<string, Scenario>>;
}

/** The defaults of {@link renderReports} and `summary()`. */
export const RENDER_REPORTS_DEFAULTS = {
  dir: "reports",
  files: ["json", "junit", "markdown", "html"],
  stdout: true,
} as const satisfies RenderReportsOptions;

/** Parses a list such as `json,junit,markdown,html`; `where` names the option in the error. */
export function parseReportKinds(text: string, where: string): ReportKind[] {
  const kinds = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  for (const kind of kinds) {
    if (!(kind in REPORT_FILES)) {
      throw new RangeError(`${where} must list report kinds from ${Object.keys(REPORT_FILES).join(", ")}, got ${JSON.stringify(kind)}`);
    }
  }
  return kinds as ReportKind[];
}

/** Joins a folder and a file name with one slash. */
function join(dir: string, name: string): string {
  return dir === "" || dir === "." ? name : `${dir.replace(/\/+$/, "")}/${name}`;
}

/**
 * Everything handleSummary returns: `stdout` (the terminal summary) and one entry per report file,
 * keyed by path, as k6 expects. Pure: the same call renders reports in Node.
 */
export function renderReports(data: SummaryData, options: RenderReportsOptions = {}): Record<string, string> {
  const dir = options.dir ?? RENDER_REPORTS_DEFAULTS.dir;
  const kinds = options.files ?? RENDER_REPORTS_DEFAULTS.files;
  const report = buildSummaryReport(runMetricsFromSummary(data, options.scenarios === undefined ? undefined : askedLoad(options.scenarios)), options);
  const color = data.state?.isStdOutTTY === true && data.options?.noColor !== true;
  return renderReportFiles(report, { dir, files: kinds, stdout: options.stdout ?? RENDER_REPORTS_DEFAULTS.stdout, color });
}

const RENDERERS: Record<ReportKind, (r: SummaryReport) => string> = {
  json: renderJson,
  junit: renderJunit,
  markdown: renderMarkdown,
  html: renderHtml,
};

/** Options of {@link renderReportFiles}. */
export type RenderReportFilesOptions = Pick<RenderReportsOptions, "dir" | "files" | "stdout"> & {
  /** ANSI colours in the terminal summary. @default false */
  color?: boolean;
};

/**
 * Every report of an already built {@link SummaryReport} (a single run's, or `loadgate merge`'s),
 * keyed by path as in {@link renderReports}.
 */
export function renderReportFiles(report: SummaryReport, options: RenderReportFilesOptions = {}): Record<string, string> {
  const dir = options.dir ?? RENDER_REPORTS_DEFAULTS.dir;
  const kinds = options.files ?? RENDER_REPORTS_DEFAULTS.files;
  const result: Record<string, string> = {};
  const paths = kinds.map((kind) => join(dir, REPORT_FILES[kind]));
  if (options.stdout ?? RENDER_REPORTS_DEFAULTS.stdout) result["stdout"] = renderText(report, { color: options.color ?? false, files: paths });
  for (const kind of kinds) result[join(dir, REPORT_FILES[kind])] = RENDERERS[kind](report);
  return result;
}
