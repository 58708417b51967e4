// handleSummary for k6 scripts: the loadgate verdict on stdout and the report files.
import exec from "k6/execution";
import type { Scenario } from "k6/options";
import type { CompareTolerance } from "../core/verdict/compare.ts";
import { parseTolerance } from "../core/verdict/compare.ts";
import type { RenderReportsOptions } from "../core/report/files.ts";
import { parseReportKinds, RENDER_REPORTS_DEFAULTS, type ReportKind } from "../core/report/kinds.ts";
import type { HandleSummaryData } from "../core/vocabulary/summary-data.ts";

/** What `summary()` returns: k6's handleSummary, which k6 awaits. */
export type HandleSummary = (data: HandleSummaryData) => Promise<Record<string, string>>;

/** Options of {@link summary}. Each `-e` variable, when set, wins over the option. */
export interface SummaryOptions {
  /**
   * Report folder (`-e REPORT_DIR`). k6 does not create folders: when it does not exist, the files
   * go to the working directory and the verdict says so. @default "reports"
   */
  dir?: string;
  /** Report files to write (`-e REPORT_FILES=json,junit,markdown,html`). @default ["json", "junit", "markdown", "html"] */
  files?: readonly ReportKind[];
  /** Print the verdict and summary to stdout. @default true */
  stdout?: boolean;
  /**
   * A baseline summary.json (`-e BASELINE=path`, relative to the working directory) whose deltas
   * every report then shows. Read with `open()` while the script initialises. @default undefined
   */
  baseline?: string;
  /** Noise tolerance of the baseline comparison (`-e BASELINE_TOLERANCE=5%`, `-e BASELINE_ABS_TOLERANCE=2ms`). @default COMPARE_DEFAULTS */
  tolerance?: Partial<CompareTolerance>;
  /**
   * The ramp ladder the script runs (`rampLadder(...)`): its capacity ("capacity: 5 concurrent users
   * within p95 < 500 ms") goes on top of the terminal summary, and its steps into every report. @default undefined
   */
  ladder?: RenderReportsOptions["ladder"];
  /** The phases in the order the phase breakdown lists them; others follow by name. @default [] */
  phases?: readonly string[];
  /** Also write k6's handleSummary data, unchanged, as JSON to this path (`-e SUMMARY_JSON`). @default undefined */
  dataFile?: string;
  /**
   * `warn` lets inconclusive conditions (load not delivered, too few samples, gates that saw nothing)
   * pass as warnings, for a preset with `"inconclusive": "warn"`; FAIL stays FAIL. @default "inconclusive"
   */
  inconclusive?: "inconclusive" | "warn";
}

/** The scenarios k6 ran (its consolidated options), or undefined where k6 does not tell. */
function askedScenarios(): Record<string, Scenario> | undefined {
  try {
    return (exec.test.options.scenarios as Record<string, Scenario> | undefined) ?? undefined;
  } catch {
    return undefined;
  }
}

/** A path relative to the working directory (where k6 writes handleSummary's files), made absolute for `open()`, which resolves against the script. */
function fromWorkingDirectory(path: string): string | undefined {
  const pwd = __ENV["PWD"];
  if (path.startsWith("/")) return path;
  return pwd === undefined ? undefined : `${pwd.replace(/\/+$/, "")}/${path === "" ? "." : path}`;
}

/** k6's init-context `open()`, resolved relative to the working directory rather than the script. */
function readBaseline(path: string): { text: string; source: string } {
  const absolute = fromWorkingDirectory(path) ?? path;
  try {
    return { text: open(absolute), source: path };
  } catch (error) {
    throw new Error(`BASELINE: cannot read ${JSON.stringify(path)} (${String(error)})`);
  }
}

/**
 * Why the report folder cannot take the files, or undefined when it can or nobody can tell. k6 does
 * not create folders: a file under a missing one is lost with only a log line. Init's `open()` tells
 * them apart on the disk (docs/k6-facts.md): a folder "can't be used with directories", a missing
 * path is the system's "no such file or directory". Run from an archive, `open()` reads the
 * archive's files instead ("file does not exist"): nothing is decided then. Only the inits with
 * `__VU` 0 (the one that reads options, and handleSummary's) probe: the VUs do not need it.
 */
function reportFolderProblem(dir: string): string | undefined {
  if (__VU !== 0 || dir === "" || dir === ".") return undefined;
  const absolute = fromWorkingDirectory(dir);
  if (absolute === undefined) return undefined;
  try {
    open(absolute);
    return `${JSON.stringify(dir)} is a file, not a folder`;
  } catch (error) {
    return /no such file or directory/.test(String(error)) ? `the folder ${JSON.stringify(dir)} does not exist and k6 cannot create one` : undefined;
  }
}

/**
 * Builds a `handleSummary` that prints loadgate's verdict in k6's summary layout (with a ladder's
 * capacity and the phase breakdown when there are any) and writes summary.json, junit.xml,
 * summary.md and report.html, from whichever summary shape k6 hands over (its legacy one, or
 * `--new-machine-readable-summary`'s). A renderer that throws loses only its own file; the verdict
 * line says which and why. Call it at the top level of the script: the baseline is read while the
 * script initialises. k6 calls it only where `__VU` is 0 (scripts reach it through facades.ts); the
 * renderers are loaded when handleSummary runs (it returns a promise, which k6 awaits).
 * @example export const handleSummary = summary({ dir: "reports" });
 */
export function summary(options: SummaryOptions = {}): HandleSummary {
  const dir = __ENV["REPORT_DIR"] ?? options.dir ?? RENDER_REPORTS_DEFAULTS.dir;
  const filesVar = __ENV["REPORT_FILES"];
  const files = filesVar === undefined ? (options.files ?? RENDER_REPORTS_DEFAULTS.files) : parseReportKinds(filesVar, "REPORT_FILES");
  const baselinePath = __ENV["BASELINE"] ?? options.baseline;
  // Only the inits with __VU 0 read it: the one that reads options (a missing file stops the run
  // there) and handleSummary's; a VU would hold the whole file without ever using it.
  const baseline = baselinePath === undefined || baselinePath === "" || __VU !== 0 ? undefined : readBaseline(baselinePath);
  const tolerance: Partial<CompareTolerance> = { ...options.tolerance };
  const rel = __ENV["BASELINE_TOLERANCE"];
  const abs = __ENV["BASELINE_ABS_TOLERANCE"];
  if (rel !== undefined) tolerance.relative = parseTolerance(rel, "relative", "BASELINE_TOLERANCE");
  if (abs !== undefined) tolerance.absoluteMs = parseTolerance(abs, "absolute", "BASELINE_ABS_TOLERANCE");
  const dataFile = __ENV["SUMMARY_JSON"] || options.dataFile;
  // A report folder that cannot take the files: they go to the working directory, and the verdict says why.
  const folderProblem = files.length > 0 ? reportFolderProblem(dir) : undefined;
  return async (data) => {
    const scenarios = askedScenarios();
    // esbuild bundles this import into the script, where the renderers' module code runs on this first call only.
    const { renderReports } = await import("../core/report/files.ts");
    const out = renderReports(data, {
      dir: folderProblem === undefined ? dir : "",
      ...(folderProblem === undefined
        ? {}
        : { filesNote: `written to the working directory: ${folderProblem}; create it (mkdir -p ${/^[\w./-]+$/.test(dir) ? dir : JSON.stringify(dir)}) or set -e REPORT_DIR to an existing folder` }),
      files,
      stdout: options.stdout ?? RENDER_REPORTS_DEFAULTS.stdout,
      tolerance,
      ...(baseline ? { baseline } : {}),
      ...(options.ladder ? { ladder: options.ladder } : {}),
      ...(options.phases ? { phases: options.phases } : {}),
      ...(options.inconclusive ? { inconclusive: options.inconclusive } : {}),
      ...(scenarios ? { scenarios } : {}),
    });
    if (dataFile) out[dataFile] = JSON.stringify(data);
    return out;
  };
}
