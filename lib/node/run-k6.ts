import { spawn } from "node:child_process";
import { resolve as resolvePath } from "node:path";

/** Options of {@link runK6}. */
export interface RunK6Options {
  /** Extra `-e NAME=value` variables for the script. */
  vars?: Record<string, string>;
  /** Extra k6 arguments placed before the script (e.g. `--out json=run.json`). */
  args?: string[];
  /** Environment of the k6 process. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** "inherit" shows k6's output; "pipe" collects it. @default "inherit" */
  stdio?: "inherit" | "pipe";
  cwd?: string;
  /** Called with k6's process id once it started (to watch or signal it). */
  onSpawn?: (pid: number) => void;
}

/** How a k6 run ended. */
export interface K6Result {
  /** k6's exit code (0 passed, 99 thresholds failed, 107 script error, ...); 130/143 after a signal. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `k6 run <script>` and resolves with its exit code. SIGINT and SIGTERM received by this
 * process are passed to k6, so k6 stops cleanly and still writes its end-of-test summary.
 *
 * k6 runs in its own process group: a Ctrl+C in a terminal signals the whole foreground group, and
 * k6 takes a second signal as "abort now, skip handleSummary". So k6 hears each signal once, from
 * here; a second Ctrl+C still reaches it as the hard stop it asks for. Should this process exit
 * first, k6 is killed with it.
 */
export function runK6(k6: string, script: string, options: RunK6Options = {}): Promise<K6Result> {
  const vars = Object.entries(options.vars ?? {}).flatMap(([name, value]) => ["-e", `${name}=${value}`]);
  const args = ["run", "--no-usage-report", ...(options.args ?? []), ...vars, script];
  const stdio = options.stdio ?? "inherit";
  return new Promise((resolve, reject) => {
    const child = spawn(k6, args, {
      cwd: options.cwd,
      // PWD as a shell sets it: scripts resolve PRESET_FILE, BASELINE and REPORT_DIR against it (docs/k6-facts.md).
      env: { ...(options.env ?? process.env), K6_NO_USAGE_REPORT: "true", PWD: resolvePath(options.cwd ?? process.cwd()) },
      stdio: stdio === "inherit" ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
      detached: true,
    });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward("SIGINT");
    const onTerm = forward("SIGTERM");
    const onExit = () => child.kill("SIGKILL");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    process.on("exit", onExit);
    const stopForwarding = () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      process.off("exit", onExit);
    };
    child.on("error", (error) => {
      stopForwarding();
      reject(error);
    });
    child.on("close", (code, signal) => {
      stopForwarding();
      resolve({ code: code ?? (signal === "SIGINT" ? 130 : 143), stdout, stderr });
    });
  });
}
