import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { parse } from "yaml";

/** k6-operator v1.6.0's TestRun CRD (see test/fixtures/k6-operator/README.md). */
export const TESTRUN_CRD = resolve(import.meta.dirname, "../fixtures/k6-operator/k6.io_testruns.yaml");

/**
 * The CRD's schema for ajv: `x-kubernetes-*` keywords dropped, and every object with listed
 * properties closed, because the API server silently prunes unknown fields — a misspelt field would
 * otherwise pass here and vanish in the cluster.
 */
function closedSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closedSchema);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("x-kubernetes-")) continue;
    out[key] =
      key === "properties" ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, closedSchema(v)])) : closedSchema(value);
  }
  if (out["properties"] !== undefined && out["additionalProperties"] === undefined) out["additionalProperties"] = false;
  return out;
}

/** An ajv validator for `spec.versions[0].schema.openAPIV3Schema` (v1alpha1) of the TestRun CRD. */
export function testRunValidator(): ValidateFunction {
  const crd = parse(readFileSync(TESTRUN_CRD, "utf8")) as { spec: { versions: { name: string; schema: { openAPIV3Schema: object } }[] } };
  const version = crd.spec.versions[0]!;
  if (version.name !== "v1alpha1") throw new Error(`${TESTRUN_CRD}: expected v1alpha1 first, got ${version.name}`);
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  return ajv.compile(closedSchema(version.schema.openAPIV3Schema) as object);
}
