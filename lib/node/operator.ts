// Kubernetes manifests for a distributed k6 run on k6-operator (TestRun, k6.io/v1alpha1), with every
// runner writing its own samples to a shared volume claim and a Job that merges them into one verdict.
// How k6-operator v1.6.0 starts a runner (pkg/resources/jobs/runner.go): the container's `command` is
//   k6 run --quiet --execution-segment=… --execution-segment-sequence=… <spec.arguments split on
//   whitespace> /test/<file> --address=0.0.0.0:6565 --paused --tag instance_id=<i> --tag testrun_name=<name>
// with `spec.runner.env` as the container's environment. Kubernetes expands `$(VAR)` in a container's
// command from that environment, so `--out json=/results/$(LOADGATE_POD_NAME).json.gz` gives each
// runner pod its own file.

/** The object every Kubernetes manifest is: plain data, serialised to YAML by the CLI. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** Options of {@link operatorManifests}. */
export interface OperatorOptions {
  /** Name of the TestRun; the other objects are named after it. Lowercase letters, digits and "-", at most 40 characters. */
  name: string;
  /** Namespace of every object. @default the namespace of the kubectl context (not written) */
  namespace?: string;
  /** Runner pods; each runs `1/parallelism` of the test (k6's execution segments). */
  parallelism: number;
  /** The bundled k6 script: its file name in the ConfigMap (`burst.js`) and its source. */
  script: { file: string; source: string };
  /**
   * The preset the merge Job judges the run with: a shipped id, or a preset object (with its
   * `extends` already resolved) stored in the ConfigMap as `preset.json`. Runners get `PRESET` or
   * `PRESET_FILE` in their environment, which loadgate's scripts read. Without it the merge Job
   * judges with `error-aware`, the preset loadgate's scripts use when none is named.
   * @default { id: "error-aware" } for the merge Job; nothing added to the runners
   */
  preset?: { id: string } | { preset: object };
  /** Put each runner on its own node (k6-operator's pod anti-affinity). @default false */
  separate?: boolean;
  /** Environment variables of the runners; k6 copies them into `__ENV` (e.g. `BASE_URL`). @default {} */
  env?: Readonly<Record<string, string>>;
  /** Image of the runners. @default k6-operator's default (grafana/k6:latest, not written) */
  runnerImage?: string;
  /** Size of the results volume claim. @default "1Gi" */
  storage?: string;
  /** Storage class of the results claim; it must offer ReadWriteMany. @default the cluster's default (not written) */
  storageClassName?: string;
  /** Image with `kubectl`, used to wait for the TestRun to finish. @default "registry.k8s.io/kubectl:v1.33.0" */
  kubectlImage?: string;
  /** Image with Node.js >= 20 for `loadgate merge`. @default "node:20-alpine" */
  mergeImage?: string;
  /** The loadgate package the merge Job runs with npx (the CLI pins its own version). @default "loadgate" */
  loadgatePackage?: string;
  /** Longest wait for the runners, as kubectl's `--timeout`. @default "2h" */
  waitTimeout?: string;
}

/** Defaults of {@link OperatorOptions}, and the fixed paths and ids the manifests share. */
export const OPERATOR_DEFAULTS = {
  separate: false,
  storage: "1Gi",
  kubectlImage: "registry.k8s.io/kubectl:v1.33.0",
  mergeImage: "node:20-alpine",
  waitTimeout: "2h",
  /** Where the results claim is mounted, in runners and in the merge Job. */
  resultsDir: "/results",
  /** Where the merge Job mounts the ConfigMap (runners get it at k6-operator's /test). */
  configDir: "/config",
  /** The runner's environment variable holding its pod name, for its output file. */
  podNameVariable: "LOADGATE_POD_NAME",
  /** The uid and gid of the grafana/k6 image: the claim is made writable for that group. */
  k6Group: 12345,
} as const;

/** Kubernetes ConfigMaps hold at most 1 MiB. */
export const CONFIGMAP_LIMIT_BYTES = 1024 * 1024;

const NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The k6 arguments k6-operator adds for runner `index` (1-based) of `parallelism`, as its
 * `segmentation.NewCommandFragments` builds them: `--execution-segment=1/3:2/3 --execution-segment-sequence=0,1/3,2/3,1`.
 */
export function segmentArguments(index: number, parallelism: number): string[] {
  requireParallelism(parallelism);
  if (!Number.isInteger(index) || index < 1 || index > parallelism) {
    throw new RangeError(`segmentArguments(): \`index\` must be a whole number from 1 to ${parallelism}, got ${JSON.stringify(index)}`);
  }
  if (parallelism === 1) return [];
  const point = (i: number) => (i === 0 ? "0" : i === parallelism ? "1" : `${i}/${parallelism}`);
  const sequence = Array.from({ length: parallelism + 1 }, (_, i) => point(i)).join(",");
  return [`--execution-segment=${point(index - 1)}:${point(index)}`, `--execution-segment-sequence=${sequence}`];
}

function requireParallelism(parallelism: unknown): number {
  if (typeof parallelism !== "number" || !Number.isInteger(parallelism) || parallelism < 1) {
    throw new RangeError(`\`parallelism\` must be a whole number >= 1 (the number of k6 runner pods), got ${JSON.stringify(parallelism)}`);
  }
  return parallelism;
}

/** A name for the TestRun from a script's file name: `scripts/Checkout_Flow.ts` → `checkout-flow`. */
export function testRunName(scriptFile: string): string {
  const base = scriptFile.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return name === "" ? "loadgate" : name;
}

/** The runner's output file, with the pod name left for Kubernetes to expand. */
export function runnerOutputFile(): string {
  return `${OPERATOR_DEFAULTS.resultsDir}/$(${OPERATOR_DEFAULTS.podNameVariable}).json.gz`;
}

/** The shell script of the merge container: archive this run's runner files, then judge them together. */
function mergeScript(name: string, parallelism: number, presetArgument: string, loadgatePackage: string): string {
  const results = OPERATOR_DEFAULTS.resultsDir;
  return [
    "set -eu",
    `run=${results}/${name}/$(date -u +%Y%m%dT%H%M%SZ)`,
    'mkdir -p "$run"',
    // The runner pods are named <name>-<index>-<suffix>; moving their files keeps a later run apart.
    `mv ${results}/${name}-[0-9]*-*.json.gz "$run"/`,
    `exec npx --yes ${loadgatePackage} merge "$run"/*.json.gz --runners ${parallelism} --preset ${presetArgument} --out "$run"`,
  ].join("\n");
}

/**
 * The manifests of a distributed run, in the order to apply them: the ConfigMap with the script
 * (and preset), the ReadWriteMany claim the runners write their samples to, the merge Job's
 * ServiceAccount, Role and RoleBinding (it may read TestRuns), the TestRun, and the merge Job, which
 * waits until the TestRun's stage is `finished` and runs `loadgate merge` over every runner's file.
 * Bad options throw a `RangeError` naming the option, the rule and the value.
 * @example const objects = operatorManifests({ name: "burst", parallelism: 4, script: { file: "burst.js", source } });
 */
export function operatorManifests(options: OperatorOptions): KubernetesObject[] {
  const parallelism = requireParallelism(options.parallelism);
  const name = options.name;
  if (typeof name !== "string" || name.length > 40 || !NAME.test(name)) {
    throw new RangeError(
      `\`name\` must start with a letter and hold only lowercase letters, digits and "-", at most 40 characters (Kubernetes names its runner pods <name>-<index>-<suffix>), got ${JSON.stringify(name)}`,
    );
  }
  if (!/^[A-Za-z0-9_.-]+\.js$/.test(options.script.file)) {
    throw new RangeError(`\`script.file\` must be a file name ending in .js (a ConfigMap key), got ${JSON.stringify(options.script.file)}`);
  }
  for (const variable of Object.keys(options.env ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
      throw new RangeError(`\`env\`: ${JSON.stringify(variable)} is not a valid environment variable name`);
    }
  }
  const d = OPERATOR_DEFAULTS;
  const labels = { "app.kubernetes.io/name": "loadgate", "app.kubernetes.io/instance": name };
  const metadata = (objectName: string) => ({
    name: objectName,
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    labels,
  });
  const configMapName = `${name}-script`;
  const claimName = `${name}-results`;
  const mergeName = `${name}-merge`;

  const data: Record<string, string> = { [options.script.file]: options.script.source };
  const runnerEnv: { name: string; value?: string; valueFrom?: object }[] = [
    { name: d.podNameVariable, valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
  ];
  // `loadgate merge` needs a preset: k6's JSON output does not carry sub-metric thresholds.
  let presetArgument = "error-aware";
  if (options.preset !== undefined) {
    if ("id" in options.preset) {
      presetArgument = options.preset.id;
      runnerEnv.push({ name: "PRESET", value: options.preset.id });
    } else {
      data["preset.json"] = `${JSON.stringify(options.preset.preset, null, 2)}\n`;
      presetArgument = `${d.configDir}/preset.json`;
      // k6-operator mounts the script's ConfigMap at /test in every runner.
      runnerEnv.push({ name: "PRESET_FILE", value: "/test/preset.json" });
    }
  }
  for (const [variable, value] of Object.entries(options.env ?? {})) runnerEnv.push({ name: variable, value });
  const bytes = Object.values(data).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  if (bytes > CONFIGMAP_LIMIT_BYTES) {
    throw new RangeError(
      `the script and preset take ${bytes} bytes; a ConfigMap holds at most ${CONFIGMAP_LIMIT_BYTES} (bundle without the inline source map, or serve the script from a volume claim)`,
    );
  }

  const configMap: KubernetesObject = { apiVersion: "v1", kind: "ConfigMap", metadata: metadata(configMapName), data };
  const claim: KubernetesObject = {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: metadata(claimName),
    spec: {
      // Runners on several nodes (and the merge Job) mount it at once.
      accessModes: ["ReadWriteMany"],
      resources: { requests: { storage: options.storage ?? d.storage } },
      ...(options.storageClassName === undefined ? {} : { storageClassName: options.storageClassName }),
    },
  };
  const serviceAccount: KubernetesObject = { apiVersion: "v1", kind: "ServiceAccount", metadata: metadata(mergeName) };
  const role: KubernetesObject = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: metadata(mergeName),
    rules: [{ apiGroups: ["k6.io"], resources: ["testruns"], verbs: ["get", "list", "watch"] }],
  };
  const roleBinding: KubernetesObject = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: metadata(mergeName),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: mergeName },
    subjects: [
      { kind: "ServiceAccount", name: mergeName, ...(options.namespace === undefined ? {} : { namespace: options.namespace }) },
    ],
  };
  const resultsVolume = { name: "loadgate-results", persistentVolumeClaim: { claimName } };
  const resultsMount = { name: "loadgate-results", mountPath: d.resultsDir };
  const testRun: KubernetesObject = {
    apiVersion: "k6.io/v1alpha1",
    kind: "TestRun",
    metadata: metadata(name),
    spec: {
      parallelism,
      ...(options.separate ? { separate: true } : {}),
      script: { configMap: { name: configMapName, file: options.script.file } },
      // One string split on whitespace by the operator; $(…) is expanded by Kubernetes per pod.
      // `--out` stays a token of its own: the operator's ParseCLI drops exactly `--out <value>`
      // from the `k6 archive` its initializer runs (`--out=…` would reach archive and break it).
      arguments: `--out json=${runnerOutputFile()}`,
      runner: {
        ...(options.runnerImage === undefined ? {} : { image: options.runnerImage }),
        env: runnerEnv,
        // grafana/k6 runs as 12345:12345; a fresh claim is owned by root.
        securityContext: { fsGroup: d.k6Group },
        volumes: [resultsVolume],
        volumeMounts: [resultsMount],
      },
    },
  };
  const job: KubernetesObject = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: metadata(mergeName),
    spec: {
      // A failed verdict (exit 99) is an answer, not a reason to try again.
      backoffLimit: 0,
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: mergeName,
          restartPolicy: "Never",
          initContainers: [
            {
              name: "wait-for-runners",
              image: options.kubectlImage ?? d.kubectlImage,
              // k6-operator sets the stage to `finished` once every runner job has ended.
              command: [
                "kubectl",
                "wait",
                `testrun/${name}`,
                "--for=jsonpath={.status.stage}=finished",
                `--timeout=${options.waitTimeout ?? d.waitTimeout}`,
              ],
            },
          ],
          containers: [
            {
              name: "merge",
              image: options.mergeImage ?? d.mergeImage,
              command: [
                "sh",
                "-c",
                mergeScript(name, parallelism, presetArgument, options.loadgatePackage ?? "loadgate"),
              ],
              volumeMounts: [resultsMount, { name: "config", mountPath: d.configDir, readOnly: true }],
            },
          ],
          volumes: [resultsVolume, { name: "config", configMap: { name: configMapName } }],
        },
      },
    },
  };
  return [configMap, claim, serviceAccount, role, roleBinding, testRun, job];
}

/** File names for the manifests, numbered so `kubectl apply -f <dir>` creates the TestRun before the merge Job. */
export function manifestFileName(object: KubernetesObject, index: number): string {
  const kind = object.kind.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
  return `${String(index + 1).padStart(2, "0")}-${kind}.yaml`;
}
