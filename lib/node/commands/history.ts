import { writeFile } from "node:fs/promises";
import { findCreep, FIND_CREEP_DEFAULTS } from "../../core/verdict/history.ts";
import { renderTrendsHtml, renderTrendsMarkdown, renderTrendsText } from "../../core/report/history.ts";
import { terminalText } from "../../core/escape/terminal.ts";
import { UsageError } from "../../core/errors.ts";
import { appendHistory, readHistory } from "../compare-samples/history-files.ts";
import { numberFlag, parse, type Command } from "./shared.ts";

/** `loadgate history`: a run history file (JSON lines), its trends, and the slow creep no single comparison shows. */
export const history: Command = {
  name: "history",
  summary: "append a run to a history file, show the trends of the last runs, find a slow creep",
  usage: [
    "usage: loadgate history <history.jsonl> [--append run.json.gz] [--commit SHA] [--verdict V] [--last 10] [--markdown FILE] [--html FILE]",
    "  <history.jsonl>     one JSON line per run: commit, date, verdict, p(50)/p(95) per scenario and phase",
    "  --append RUN        add this run first: its summary.json (verdict and k6's percentiles, as handleSummary wrote them)",
    "                      or its k6 JSON output (.json, .json.gz: percentiles of the samples)",
    "  --commit SHA        the appended run's commit (default $GITHUB_SHA, else unknown)",
    "  --verdict V         the appended k6 JSON output's verdict (pass, fail, inconclusive); a summary.json carries its own",
    `  --last N            runs the trends look at (default ${FIND_CREEP_DEFAULTS.last})`,
    "  --markdown FILE     also write the trends as Markdown (sparklines)",
    "  --html FILE         also write the trends as a self-contained HTML page (inline SVG sparklines)",
    "exit codes: 0 no creep, 1 a figure creeps up over the last runs (Mann-Kendall, one-sided 95%, and at least 2%), 2 usage error",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parse(this, args, {
      append: { type: "string" },
      commit: { type: "string" },
      verdict: { type: "string" },
      last: { type: "string" },
      markdown: { type: "string" },
      html: { type: "string" },
    });
    if (positionals.length !== 1) throw new UsageError(`loadgate history: expected <history.jsonl>, got ${positionals.length} file(s)\n${this.usage}`);
    const file = positionals[0]!;
    const last = Math.floor(numberFlag("history", "last", values.last, FIND_CREEP_DEFAULTS.last, 4));
    if (values.append !== undefined) {
      const meta = { commit: values.commit ?? process.env.GITHUB_SHA ?? "unknown", date: new Date().toISOString(), ...(values.verdict === undefined ? {} : { verdict: values.verdict }) };
      await appendHistory(file, values.append, meta);
      console.log(`appended ${terminalText(values.append)} (${terminalText(meta.commit)}) to ${terminalText(file)}`);
    }
    const entries = await readHistory(file);
    const runs = Math.min(last, entries.length);
    const trends = findCreep(entries, { last });
    console.log(renderTrendsText(trends, runs));
    if (values.markdown !== undefined) await writeFile(values.markdown, renderTrendsMarkdown(trends, runs));
    if (values.html !== undefined) await writeFile(values.html, renderTrendsHtml(trends, runs));
    return trends.some((t) => t.creeping) ? 1 : 0;
  },
};
