import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { stringify } from "yaml";
import { presetRefKind } from "../../core/thresholds/preset.ts";
import { bundleScripts } from "../bundle.ts";
import { manifestFileName, operatorManifests, OPERATOR_DEFAULTS, testRunName, type OperatorOptions } from "../operator.ts";
import { compilePresetRef, flattenPresetRef, shippedPresetsDir } from "../preset-files.ts";
import { parse, type Command } from "./shared.ts";
import { UsageError } from "../../core/errors.ts";

/** This package's version, so the merge Job runs the loadgate that wrote its manifests. */
function ownVersion(): string {
  const manifest = join(dirname(shippedPresetsDir()), "package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

/** `--parallelism -1` reads as a flag to node's parser; join a signed number to its flag so the rule, not the parser, answers. */
function joinSignedValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (args[i] === "--parallelism" && next !== undefined && /^-\d/.test(next)) {
      out.push(`--parallelism=${next}`);
      i++;
    } else {
      out.push(args[i]!);
    }
  }
  return out;
}

/** `loadgate operator`: k6-operator manifests for a split run with one merged verdict. */
export const operator: Command = {
  name: "operator",
  summary: "write k6-operator manifests: a TestRun over N runners and a Job that merges their samples into one verdict",
  usage: `usage: loadgate operator <script.ts|script.js> --parallelism N [flags]
  --parallelism N        runner pods, each running 1/N of the test (required)
  --name NAME            TestRun name (default: from the script's file name)
  --namespace NS         namespace of every object (default: kubectl's current one)
  --preset id|file       preset of the merge Job's verdict; runners get PRESET / PRESET_FILE
  --separate             one runner per node (k6-operator's anti-affinity)
  --env NAME=VALUE       runner environment variable, e.g. BASE_URL (repeatable)
  --out-dir DIR          where the manifests go (default k8s)
  --storage SIZE         size of the ReadWriteMany results claim (default ${OPERATOR_DEFAULTS.storage})
  --storage-class NAME   its storage class (default: the cluster's default)
  --runner-image IMAGE   k6 image of the runners (default: the operator's grafana/k6)
  --merge-image IMAGE    Node image of the merge Job (default ${OPERATOR_DEFAULTS.mergeImage})
  --kubectl-image IMAGE  kubectl image that waits for the runners (default ${OPERATOR_DEFAULTS.kubectlImage})
  --loadgate-package SPEC  what the merge Job runs with npx: an npm spec the cluster reaches, e.g. a
                         mirror's name or a tarball URL (default loadgate@<this version>, from npmjs.org)
  --no-check             bundle a .ts script without type-checking`,
  async run(rawArgs) {
    const { values, positionals } = parse(this, joinSignedValues(rawArgs), {
      parallelism: { type: "string" },
      name: { type: "string" },
      namespace: { type: "string" },
      preset: { type: "string" },
      separate: { type: "boolean" },
      env: { type: "string", multiple: true },
      "out-dir": { type: "string" },
      storage: { type: "string" },
      "storage-class": { type: "string" },
      "runner-image": { type: "string" },
      "merge-image": { type: "string" },
      "kubectl-image": { type: "string" },
      "loadgate-package": { type: "string" },
      "no-check": { type: "boolean" },
    });
    if (positionals.length !== 1) {
      throw new UsageError(`loadgate operator: give one k6 script (.ts to bundle, or a bundled .js), got ${positionals.length}\n${this.usage}`);
    }
    const script = positionals[0]!;
    if (values.parallelism === undefined) {
      throw new UsageError(`loadgate operator: --parallelism is required (the number of k6 runner pods)\n${this.usage}`);
    }
    if (!/^\d+$/.test(values.parallelism) || Number(values.parallelism) < 1) {
      throw new UsageError(
        `loadgate operator: --parallelism must be a whole number >= 1 (the number of k6 runner pods), got ${JSON.stringify(values.parallelism)}`,
      );
    }
    const env: Record<string, string> = {};
    for (const pair of values.env ?? []) {
      const eq = pair.indexOf("=");
      if (eq < 1) throw new UsageError(`loadgate operator: --env must be NAME=VALUE, got ${JSON.stringify(pair)}`);
      env[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    if (!existsSync(script)) throw new UsageError(`loadgate operator: ${script}: no such file`);

    let bundled = script;
    if (extname(script) === ".ts") {
      const [result] = await bundleScripts([script], { typeCheck: !values["no-check"] });
      bundled = result!.outfile;
    } else if (extname(script) !== ".js") {
      throw new UsageError(`loadgate operator: the script must be a .ts file (bundled here) or a bundled .js file, got ${JSON.stringify(script)}`);
    }

    const options: OperatorOptions = {
      name: values.name ?? testRunName(script),
      parallelism: Number(values.parallelism),
      script: { file: `${basename(bundled, ".js").replace(/[^A-Za-z0-9_.-]/g, "-")}.js`, source: await readFile(bundled, "utf8") },
      env,
      loadgatePackage: values["loadgate-package"] ?? `loadgate@${ownVersion()}`,
    };
    // The spec goes into the merge container's shell command unquoted.
    if (!/^[A-Za-z0-9@/._:~+=%-]+$/.test(options.loadgatePackage ?? "")) {
      throw new UsageError(
        `loadgate operator: --loadgate-package must be an npm spec or a URL without spaces or shell characters, got ${JSON.stringify(values["loadgate-package"])}`,
      );
    }
    if (values.preset !== undefined) {
      // Compiling first reports a bad preset before any manifest is written.
      compilePresetRef(values.preset);
      const shipped = presetRefKind(values.preset) === "shipped" && !existsSync(values.preset);
      options.preset = shipped ? { id: values.preset } : { preset: flattenPresetRef(values.preset) };
    }
    if (values.namespace !== undefined) options.namespace = values.namespace;
    if (values.separate) options.separate = true;
    if (values.storage !== undefined) options.storage = values.storage;
    if (values["storage-class"] !== undefined) options.storageClassName = values["storage-class"];
    if (values["runner-image"] !== undefined) options.runnerImage = values["runner-image"];
    if (values["merge-image"] !== undefined) options.mergeImage = values["merge-image"];
    if (values["kubectl-image"] !== undefined) options.kubectlImage = values["kubectl-image"];

    let objects;
    try {
      objects = operatorManifests(options);
    } catch (error) {
      if (error instanceof RangeError) throw new UsageError(`loadgate operator: ${error.message}`);
      throw error;
    }
    const outDir = values["out-dir"] ?? "k8s";
    await mkdir(outDir, { recursive: true });
    for (const [i, object] of objects.entries()) {
      const file = join(outDir, manifestFileName(object, i));
      await writeFile(file, stringify(object, { lineWidth: 0, aliasDuplicateObjects: false }));
      console.log(`${file}  ${object.kind} ${object.metadata.name}`);
    }
    const ns = options.namespace === undefined ? "" : ` -n ${options.namespace}`;
    console.error(
      `\nnext: kubectl apply -f ${outDir}/   then   kubectl wait${ns} --for=condition=complete --timeout=2h job/${options.name}-merge; kubectl logs${ns} job/${options.name}-merge`,
    );
    return 0;
  },
};
