import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { operatorManifests, segmentArguments, testRunName, type KubernetesObject } from "../../../lib/node/operator.ts";
import { testRunValidator } from "../../helpers/crd.ts";

const SOURCE = "export default function () {}\n";

function testRunOf(objects: KubernetesObject[]): KubernetesObject {
  const found = objects.find((o) => o.kind === "TestRun");
  if (found === undefined) throw new Error("no TestRun");
  return found;
}

describe("operatorManifests", () => {
  const validate = testRunValidator();

  it("writes a TestRun that validates against k6-operator's CRD schema, with and without the options", () => {
    const plain = testRunOf(operatorManifests({ name: "burst", parallelism: 4, script: { file: "burst.js", source: SOURCE } }));
    const full = testRunOf(
      operatorManifests({
        name: "checkout",
        namespace: "perf",
        parallelism: 8,
        separate: true,
        script: { file: "checkout.js", source: SOURCE },
        preset: { preset: { gates: { p95: 500 } } },
        env: { BASE_URL: "http://checkout.perf.svc:8080" },
        runnerImage: "grafana/k6:2.2.0",
      }),
    );
    for (const testRun of [plain, full]) {
      // Through YAML and back, as kubectl would read the file.
      const data = parse(JSON.stringify(testRun)) as unknown;
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("the schema check can fail: a misspelt field, a string parallelism and an unknown stage are rejected", () => {
    const testRun = testRunOf(operatorManifests({ name: "burst", parallelism: 2, script: { file: "burst.js", source: SOURCE } }));
    const spec = testRun.spec as Record<string, unknown>;
    expect(validate({ ...testRun, spec: { ...spec, parallelizm: 2 } })).toBe(false);
    expect(validate({ ...testRun, spec: { ...spec, parallelism: "2" } })).toBe(false);
    expect(validate({ ...testRun, spec: { ...spec, runner: { ...(spec.runner as object), volume: [] } } })).toBe(false);
    expect(validate({ ...testRun, status: { stage: "done" } })).toBe(false);
  });

  it("gives every runner its own output file on the shared claim, expanded by Kubernetes from the pod name", () => {
    const objects = operatorManifests({
      name: "burst",
      parallelism: 3,
      script: { file: "burst.js", source: SOURCE },
      preset: { id: "strict" },
      env: { BASE_URL: "http://api:8080" },
    });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "ConfigMap/burst-script",
      "PersistentVolumeClaim/burst-results",
      "ServiceAccount/burst-merge",
      "Role/burst-merge",
      "RoleBinding/burst-merge",
      "TestRun/burst",
      "Job/burst-merge",
    ]);
    const labels = { "app.kubernetes.io/name": "loadgate", "app.kubernetes.io/instance": "burst" };
    expect(testRunOf(objects)).toEqual({
      apiVersion: "k6.io/v1alpha1",
      kind: "TestRun",
      metadata: { name: "burst", labels },
      spec: {
        parallelism: 3,
        script: { configMap: { name: "burst-script", file: "burst.js" } },
        arguments: "--out json=/results/$(LOADGATE_POD_NAME).json.gz",
        runner: {
          env: [
            { name: "LOADGATE_POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "PRESET", value: "strict" },
            { name: "BASE_URL", value: "http://api:8080" },
          ],
          securityContext: { fsGroup: 12345 },
          volumes: [{ name: "loadgate-results", persistentVolumeClaim: { claimName: "burst-results" } }],
          volumeMounts: [{ name: "loadgate-results", mountPath: "/results" }],
        },
      },
    });
    expect(objects[1]!.spec).toEqual({ accessModes: ["ReadWriteMany"], resources: { requests: { storage: "1Gi" } } });
  });

  it("writes a merge Job that waits for the TestRun to finish, then judges exactly N runner files", () => {
    const objects = operatorManifests({
      name: "burst",
      parallelism: 3,
      script: { file: "burst.js", source: SOURCE },
      preset: { preset: { gates: { p95: 500 } } },
      loadgatePackage: "loadgate@0.1.0",
    });
    expect(objects[0]!["data"]).toEqual({ "burst.js": SOURCE, "preset.json": '{\n  "gates": {\n    "p95": 500\n  }\n}\n' });
    const pod = (objects[6]!.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    expect(pod["initContainers"]).toEqual([
      {
        name: "wait-for-runners",
        image: "registry.k8s.io/kubectl:v1.33.0",
        command: ["kubectl", "wait", "testrun/burst", "--for=jsonpath={.status.stage}=finished", "--timeout=2h"],
      },
    ]);
    const [merge] = pod["containers"] as { command: string[] }[];
    expect(merge!.command.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(merge!.command[2]!.split("\n")).toEqual([
      "set -eu",
      "run=/results/burst/$(date -u +%Y%m%dT%H%M%SZ)",
      'mkdir -p "$run"',
      'mv /results/burst-[0-9]*-*.json.gz "$run"/',
      'exec npx --yes loadgate@0.1.0 merge "$run"/*.json.gz --runners 3 --preset /config/preset.json --out "$run"',
    ]);
    expect(pod["serviceAccountName"]).toBe("burst-merge");
    expect(objects[3]!["rules"]).toEqual([{ apiGroups: ["k6.io"], resources: ["testruns"], verbs: ["get", "list", "watch"] }]);
  });

  it("judges with error-aware, the scripts' default preset, when no preset is named", () => {
    const objects = operatorManifests({ name: "burst", parallelism: 2, script: { file: "burst.js", source: SOURCE } });
    const pod = (objects[6]!.spec as { template: { spec: { containers: { command: string[] }[] } } }).template.spec;
    expect(pod.containers[0]!.command[2]!.split("\n").at(-1)).toBe(
      'exec npx --yes loadgate merge "$run"/*.json.gz --runners 2 --preset error-aware --out "$run"',
    );
  });

  it.each([0, -1, 2.5, Number.NaN, "4"])("rejects parallelism %j with the rule and the value", (parallelism) => {
    expect(() =>
      operatorManifests({ name: "burst", parallelism: parallelism as number, script: { file: "burst.js", source: SOURCE } }),
    ).toThrow(`\`parallelism\` must be a whole number >= 1 (the number of k6 runner pods), got ${JSON.stringify(parallelism)}`);
  });

  it("rejects a name Kubernetes would refuse", () => {
    expect(() => operatorManifests({ name: "Burst_1", parallelism: 2, script: { file: "burst.js", source: SOURCE } })).toThrow(
      /`name` must start with a letter .* got "Burst_1"/,
    );
  });
});

describe("segmentArguments", () => {
  it("gives runner i of N the flags k6-operator's NewCommandFragments gives it", () => {
    expect([1, 2, 3].map((i) => segmentArguments(i, 3))).toEqual([
      ["--execution-segment=0:1/3", "--execution-segment-sequence=0,1/3,2/3,1"],
      ["--execution-segment=1/3:2/3", "--execution-segment-sequence=0,1/3,2/3,1"],
      ["--execution-segment=2/3:1", "--execution-segment-sequence=0,1/3,2/3,1"],
    ]);
    // The operator adds no segment for a single runner.
    expect(segmentArguments(1, 1)).toEqual([]);
  });
});

describe("testRunName", () => {
  it.each([
    ["scripts/burst.ts", "burst"],
    ["scripts/Checkout_Flow.ts", "checkout-flow"],
    ["build/2fa-login.js", "fa-login"],
  ])("names %s %s", (file, name) => {
    expect(testRunName(file)).toBe(name);
  });
});
