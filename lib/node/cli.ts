import { parseArgs, type ParseArgsConfig } from "node:util";
import { BuildError, bundleScripts, defaultEntries } from "./bundle.ts";
import { ensureK6, K6NotFoundError, locateK6 } from "./k6-binary.ts";
import { runK6 } from "./run-k6.ts";
import { parseMode, startTarget, TARGET_DEFAULTS } from "./target.ts";

/** A mistake on the command line: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError" as const;
}

interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

function parse<T extends NonNullable<ParseArgsConfig["options"]>>(command: string, args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(`loadgate ${command}: ${(error as Error).message}\n${COMMANDS[command]?.usage ?? ""}`);
  }
}

function number(command: string, flag: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || n < min) {
    throw new UsageError(`loadgate ${command}: --${flag} must be a number >= ${min}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** Resolves when SIGINT or SIGTERM arrives. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
}

const targetOptions = {
  mode: { type: "string" },
  port: { type: "string" },
  "embedding-ms": { type: "string" },
  "fusion-ms": { type: "string" },
  "jitter-ms": { type: "string" },
  "fail-after": { type: "string" },
  "leak-step-ms": { type: "string" },
  "queue-limit-ms": { type: "string" },
} as const;

function targetSettings(command: string, values: Partial<Record<keyof typeof targetOptions, string>>) {
  let mode;
  try {
    mode = parseMode(values.mode ?? "healthy");
  } catch (error) {
    throw new UsageError(`loadgate ${command}: ${(error as Error).message}`);
  }
  const port = number(command, "port", values.port, TARGET_DEFAULTS.port);
  if (!Number.isInteger(port) || port > 65535) throw new UsageError(`loadgate ${command}: --port must be 0..65535, got ${values.port}`);
  return {
    mode,
    port,
    embeddingMs: number(command, "embedding-ms", values["embedding-ms"], TARGET_DEFAULTS.embeddingMs),
    fusionMs: number(command, "fusion-ms", values["fusion-ms"], TARGET_DEFAULTS.fusionMs),
    jitterMs: number(command, "jitter-ms", values["jitter-ms"], TARGET_DEFAULTS.jitterMs),
    failAfter: number(command, "fail-after", values["fail-after"], TARGET_DEFAULTS.failAfter),
    leakStepMs: number(command, "leak-step-ms", values["leak-step-ms"], TARGET_DEFAULTS.leakStepMs),
    queueLimitMs: number(command, "queue-limit-ms", values["queue-limit-ms"], TARGET_DEFAULTS.queueLimitMs, 1),
  };
}

const TARGET_FLAGS = `  --mode healthy|fast-fail|down|timeouts|leak|pool=N   (default healthy)
  --port N              port on 127.0.0.1, 0 picks a free one (default 0)
  --embedding-ms N      embedding phase latency (default ${TARGET_DEFAULTS.embeddingMs})
  --fusion-ms N         fusion phase latency (default ${TARGET_DEFAULTS.fusionMs})
  --jitter-ms N         ± jitter per phase (default ${TARGET_DEFAULTS.jitterMs})
  --fail-after K        fast-fail: requests served before answering 503 (default ${TARGET_DEFAULTS.failAfter})
  --leak-step-ms N      leak: added latency per request served (default ${TARGET_DEFAULTS.leakStepMs})
  --queue-limit-ms N    pool: longest queue wait before a 503 (default ${TARGET_DEFAULTS.queueLimitMs})`;

export const COMMANDS: Record<string, Command> = {
  build: {
    summary: "type-check and bundle k6 scripts to build/<name>.js",
    usage: "usage: loadgate build [files...] [--outdir build] [--no-check]\n  without files: every scripts/*.ts and examples/*.ts",
    async run(args) {
      const { values, positionals } = parse("build", args, { outdir: { type: "string" }, "no-check": { type: "boolean" } });
      const entries = positionals.length > 0 ? positionals : defaultEntries(process.cwd());
      if (entries.length === 0) throw new UsageError("loadgate build: no files given and no scripts/*.ts or examples/*.ts here");
      const results = await bundleScripts(entries, { outdir: values.outdir ?? "build", typeCheck: !values["no-check"] });
      for (const r of results) console.log(`${r.outfile}  ${(r.bytes / 1024).toFixed(1)} KiB  (from ${r.entry})`);
      return 0;
    },
  },
  target: {
    summary: "start the demo target (a RAG search API shape) on 127.0.0.1",
    usage: `usage: loadgate target [flags]\n${TARGET_FLAGS}`,
    async run(args) {
      const { values } = parse("target", args, targetOptions, false);
      const target = await startTarget(targetSettings("target", values));
      console.log(target.url);
      const signal = await untilSignal();
      await target.close();
      console.error(`loadgate target: stopped on ${signal} after ${target.stats().requests} requests`);
      return 0;
    },
  },
  demo: {
    summary: "build, start the demo target, run build/burst.js against it with k6",
    usage: `usage: loadgate demo [--script build/burst.js] [target flags]\n${TARGET_FLAGS}`,
    async run(args) {
      const { values } = parse("demo", args, { ...targetOptions, script: { type: "string" } }, false);
      const settings = targetSettings("demo", values);
      const k6 = await ensureK6();
      const script = values.script ?? "build/burst.js";
      if (values.script === undefined) await bundleScripts(["scripts/burst.ts"]);
      const target = await startTarget(settings);
      console.error(`loadgate demo: target (${settings.mode.kind}) at ${target.url}; running ${script} with k6 v${k6.version}`);
      try {
        const result = await runK6(k6.path, script, { vars: { BASE_URL: target.url } });
        console.error(`loadgate demo: k6 exited ${result.code}; the target served ${target.stats().requests} requests`);
        return result.code;
      } finally {
        await target.close();
      }
    },
  },
  k6: {
    summary: "show the k6 binary loadgate uses; --install builds it when missing",
    usage: "usage: loadgate k6 [--install]",
    async run(args) {
      const { values } = parse("k6", args, { install: { type: "boolean" } }, false);
      const k6 = values.install ? await ensureK6() : await locateK6();
      if (k6 === undefined) {
        console.error("loadgate k6: no k6 >= v2.2.0 found; run `loadgate k6 --install` to build it with Go");
        return 1;
      }
      console.log(`${k6.path}  k6 v${k6.version}  (${k6.source})`);
      return 0;
    },
  },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `usage: loadgate <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nloadgate <command> --help shows a command's options.`;
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    console.error(`loadgate: unknown command ${JSON.stringify(name)}\n\n${help()}`);
    return 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof BuildError || error instanceof K6NotFoundError) {
      console.error(`loadgate ${name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
