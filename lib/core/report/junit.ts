import { formatValue } from "../vocabulary/units.ts";
import { markupText as escapeXml } from "../escape/markup.ts";
import type { SummaryReport } from "../verdict/summary-report.ts";

/**
 * JUnit XML: a "loadgate" suite with one testcase for the verdict and each scenario, and a
 * "thresholds" suite with one testcase per threshold (failure text: observed vs limit). A threshold
 * that passed over no samples is reported as skipped, since it tested nothing.
 */
export function renderJunit(report: SummaryReport): string {
  const seconds = (report.durationMs / 1000).toFixed(3);
  const gates: string[] = [];
  let gateFailures = 0;
  // An inconclusive run is a failing testcase too (type "inconclusive"): CI test reporters show a
  // skipped case as neutral or hide it, and a run that cannot support a pass must not look like one.
  // Each line escaped alone: the line breaks between them are the report's own.
  const verdictText = [...report.causes.map((cause) => `${cause.verdict}: ${cause.text}${cause.fix === undefined ? "" : ` (${cause.fix})`}`), ...report.reasons]
    .map(escapeXml)
    .join("\n");
  const first = report.causes.find((cause) => cause.verdict !== "warning");
  if (report.verdict === "pass") {
    gates.push(`    <testcase classname="loadgate" name="verdict" time="${seconds}"/>`);
  } else {
    gateFailures++;
    gates.push(
      `    <testcase classname="loadgate" name="verdict" time="${seconds}">\n      <failure type="${report.verdict}" message="${escapeXml(`${report.verdict.toUpperCase()}: ${first?.text ?? ""}`)}">${verdictText}</failure>\n    </testcase>`,
    );
  }
  const comparison = report.comparison;
  if (comparison) {
    const name = "baseline comparison";
    if (comparison.verdict === "regression") {
      gateFailures++;
      gates.push(
        `    <testcase classname="loadgate" name="${name}">\n      <failure message="regression against the baseline">${comparison.reasons.map(escapeXml).join("\n")}</failure>\n    </testcase>`,
      );
    } else {
      gates.push(`    <testcase classname="loadgate" name="${name}"/>`);
    }
  }

  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  for (const t of report.thresholds) {
    const attrs = `classname="${escapeXml(t.metric)}" name="${escapeXml(t.expression)}"`;
    const observed = `${t.stat}=${formatValue(t.observed, t.unit)}, limit ${t.operator} ${formatValue(t.limit, t.unit)}`;
    if (!t.ok) {
      failures++;
      const samples = t.samples === undefined ? "" : ` over ${t.samples} samples`;
      cases.push(
        `    <testcase ${attrs}>\n      <failure message="${escapeXml(observed)}">${escapeXml(`${t.metric} ${t.expression}: observed ${observed}${samples}`)}</failure>\n    </testcase>`,
      );
    } else if (t.vacuous) {
      skipped++;
      cases.push(`    <testcase ${attrs}>\n      <skipped message="${escapeXml(`passed over no samples (${observed}): it tested nothing`)}"/>\n    </testcase>`);
    } else {
      cases.push(`    <testcase ${attrs}/>`);
    }
  }
  const tests = gates.length + cases.length;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="loadgate" tests="${tests}" failures="${gateFailures + failures}" skipped="${skipped}" time="${seconds}">`,
    `  <testsuite name="loadgate" tests="${gates.length}" failures="${gateFailures}" skipped="0" time="${seconds}">`,
    ...gates,
    `  </testsuite>`,
    `  <testsuite name="thresholds" tests="${cases.length}" failures="${failures}" skipped="${skipped}" time="${seconds}">`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
