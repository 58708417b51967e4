// Which report files there are and their names: what summary() needs while a script initialises,
// apart from the renderers (files.ts), which only handleSummary loads.

/** A report file kind and the name it is written under. */
export const REPORT_FILES = {
  json: "summary.json",
  junit: "junit.xml",
  markdown: "summary.md",
  html: "report.html",
} as const;

/** A report file kind: `json`, `junit`, `markdown` or `html`. */
export type ReportKind = keyof typeof REPORT_FILES;

/** The defaults of `renderReports` (files.ts) and `summary()`. */
export const RENDER_REPORTS_DEFAULTS = {
  dir: "reports",
  files: ["json", "junit", "markdown", "html"],
  stdout: true,
} as const satisfies { dir: string; files: readonly ReportKind[]; stdout: boolean };

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
