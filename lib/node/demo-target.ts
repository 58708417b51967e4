import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** How the demo target behaves; see {@link parseMode}. */
export type TargetMode =
  | { kind: "healthy" }
  | { kind: "fast-fail" }
  | { kind: "down" }
  | { kind: "timeouts" }
  | { kind: "leak" }
  | { kind: "pool"; size: number }
  | { kind: "reset" }
  | { kind: "slow-body" }
  | { kind: "huge-headers" }
  | { kind: "not-json" }
  | { kind: "mix"; failEvery: number };

/** Options of the demo target (`loadgate target`). Latencies are milliseconds. */
export interface TargetOptions {
  /** Fault mode. @default { kind: "healthy" } */
  mode?: TargetMode;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** Time spent in the embedding phase. @default 40 */
  embeddingMs?: number;
  /** Time spent in the fusion phase. @default 80 */
  fusionMs?: number;
  /** Uniform jitter added to each phase, ± this many ms. @default 2 */
  jitterMs?: number;
  /** fast-fail: requests answered normally before every answer becomes a quick 503. @default 0 */
  failAfter?: number;
  /** leak: extra latency added per request served, so each is slower than the one before. @default 20 */
  leakStepMs?: number;
  /** pool: longest queue wait before a request is turned away with 503. @default 1000 */
  queueLimitMs?: number;
  /** Extra embedding time of the first `coldStartRequests` requests served (a model loading), in any mode. @default 0 */
  coldStartMs?: number;
  /** How many requests pay `coldStartMs`. @default 3 */
  coldStartRequests?: number;
  /** slow-body: time over which the body trickles out, a byte at a time. @default 5000 */
  dripMs?: number;
  /** Extra delay per request that Server-Timing does not report: stands for network and queueing. @default 0 */
  unreportedMs?: number;
  /** The Server-Timing header sent: well-formed, malformed (an unreadable `dur`), or left out. @default "ok" */
  timingHeader?: TimingHeader;
}

/** What the demo target does with its Server-Timing header. */
export type TimingHeader = "ok" | "malformed" | "missing";

/**
 * Named sets of target options. `seed` reproduces the single request the first reports profiled by
 * hand: embedding 233.6 ms, fusion 476.8 ms, and 331.6 ms the API did not report (1044.7 ms measured).
 * `search` is a search API of about 600 ms (embedding 200, fusion 400) whose phases each vary by
 * ±30 ms: a latency large against a shared machine's timer and scheduling jitter (a few ms), and a
 * spread of its own, as a real service has, for comparing runs (`loadgate compare`).
 */
export const TARGET_PROFILES = {
  seed: { embeddingMs: 233.6, fusionMs: 476.8, unreportedMs: 331.6, jitterMs: 0 },
  search: { embeddingMs: 200, fusionMs: 400, jitterMs: 30 },
} as const satisfies Record<string, TargetOptions>;

export const TARGET_DEFAULTS = {
  mode: { kind: "healthy" },
  port: 0,
  embeddingMs: 40,
  fusionMs: 80,
  jitterMs: 2,
  failAfter: 0,
  leakStepMs: 20,
  coldStartMs: 0,
  coldStartRequests: 3,
  queueLimitMs: 1000,
  dripMs: 5000,
  unreportedMs: 0,
  timingHeader: "ok",
} as const satisfies Required<TargetOptions>;

/** Counters the target keeps, served at `GET /stats` (not counted itself). */
export interface TargetStats {
  /** Requests received on any path but /stats. */
  requests: number;
  /** Responses by status code. */
  statuses: Record<string, number>;
}

/** A running demo target. */
export interface RunningTarget {
  url: string;
  port: number;
  stats(): TargetStats;
  close(): Promise<void>;
}

const SIMPLE_MODES = ["healthy", "fast-fail", "down", "timeouts", "leak", "reset", "slow-body", "huge-headers", "not-json"] as const;

/** Every `--mode` value, as `loadgate target --help` lists them. */
export const MODE_NAMES = [...SIMPLE_MODES, "pool=N", "mix=N"] as const;

/**
 * Parses a `--mode` value: healthy, fast-fail, down, timeouts, leak, reset, slow-body, huge-headers,
 * not-json, pool=N (N served at once) or mix=N (every Nth request fails with 500).
 */
export function parseMode(text: string): TargetMode {
  const counted = /^(pool|mix)=(\d+)$/.exec(text);
  if (counted) {
    const n = Number(counted[2]);
    if (n < 1) throw new RangeError(`--mode ${counted[1]}=N: N must be a whole number >= 1, got ${JSON.stringify(text)}`);
    return counted[1] === "pool" ? { kind: "pool", size: n } : { kind: "mix", failEvery: n };
  }
  if ((SIMPLE_MODES as readonly string[]).includes(text)) return { kind: text as (typeof SIMPLE_MODES)[number] } as TargetMode;
  throw new RangeError(`--mode must be one of ${MODE_NAMES.join(", ")}, got ${JSON.stringify(text)}`);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

function jittered(ms: number, jitter: number): number {
  return Math.max(0, ms + (Math.random() * 2 - 1) * jitter);
}

/** Sends a 200 whose body trickles out one byte at a time over `overMs`. */
async function drip(res: ServerResponse, stats: TargetStats, body: string, overMs: number): Promise<void> {
  stats.statuses[200] = (stats.statuses[200] ?? 0) + 1;
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  const step = overMs / body.length;
  for (const char of body) {
    if (res.destroyed) return;
    res.write(char);
    await sleep(step);
  }
  res.end();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Admits at most `size` requests at once; the rest wait in order. */
class Pool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly size: number;
  constructor(size: number) {
    this.size = size;
  }
  /** Resolves true when admitted, false when the wait passed `limitMs`. */
  acquire(limitMs: number): Promise<boolean> {
    if (this.active < this.size) {
      this.active++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const admit = () => {
        clearTimeout(timer);
        this.active++;
        resolve(true);
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(admit);
        if (index >= 0) this.waiting.splice(index, 1);
        resolve(false);
      }, limitMs);
      this.waiting.push(admit);
    });
  }
  release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}

/**
 * Starts the demo target: a loopback server shaped like a RAG search API.
 * `POST /search` with `{"query": "..."}` runs an embedding and a fusion phase and answers JSON
 * with results and timings, plus `Server-Timing: embedding;dur=…, fusion;dur=…, total;dur=…`.
 */
export async function startTarget(options: TargetOptions = {}): Promise<RunningTarget> {
  const o = { ...TARGET_DEFAULTS, ...options };
  const mode = o.mode;
  const stats: TargetStats = { requests: 0, statuses: {} };
  const sockets = new Set<Socket>();
  const pool = mode.kind === "pool" ? new Pool(mode.size) : undefined;
  let served = 0;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
    const text = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  const search = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    let query: unknown;
    try {
      query = (JSON.parse(raw) as { query?: unknown }).query;
    } catch {
      query = undefined;
    }
    if (typeof query !== "string" || query === "") {
      send(res, 400, { error: 'body must be JSON with a non-empty string "query"' });
      return;
    }
    const order = served++;
    if (mode.kind === "fast-fail" && order >= o.failAfter) {
      send(res, 503, { error: "service unavailable (fast-fail mode)" });
      return;
    }
    if (mode.kind === "timeouts") return; // never answers; the socket closes when the client gives up
    if (mode.kind === "mix" && (order + 1) % mode.failEvery === 0) {
      send(res, 500, { error: `every ${mode.failEvery}th request fails (mix mode)` });
      return;
    }
    if (mode.kind === "reset") {
      // Headers and half a body, then a TCP reset: the client sees the connection die mid-body.
      stats.statuses.reset = (stats.statuses.reset ?? 0) + 1;
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "64" });
      res.write('{"query":"');
      setTimeout(() => res.socket?.resetAndDestroy(), 5);
      return;
    }
    if (mode.kind === "slow-body") {
      await drip(res, stats, JSON.stringify({ query, results: [] }), o.dripMs);
      return;
    }
    if (mode.kind === "not-json") {
      stats.statuses[200] = (stats.statuses[200] ?? 0) + 1;
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html><body>502 Bad Gateway (a proxy's error page, served with 200)</body></html>");
      return;
    }
    let admitted = false;
    if (pool) {
      admitted = await pool.acquire(o.queueLimitMs);
      if (!admitted) {
        send(res, 503, { error: `queue wait over ${o.queueLimitMs} ms (pool mode)` });
        return;
      }
    }
    try {
      const leak = mode.kind === "leak" ? order * o.leakStepMs : 0;
      const cold = order < o.coldStartRequests ? o.coldStartMs : 0;
      const embedding = jittered(o.embeddingMs + leak + cold, o.jitterMs);
      const fusion = jittered(o.fusionMs, o.jitterMs);
      const started = performance.now();
      await sleep(embedding);
      const embedded = performance.now();
      await sleep(fusion);
      const done = performance.now();
      const timings = { embedding_ms: embedded - started, fusion_ms: done - embedded, total_ms: done - started };
      const serverTiming = [
        `embedding;dur=${o.timingHeader === "malformed" ? "fast" : timings.embedding_ms.toFixed(1)}`,
        `fusion;dur=${timings.fusion_ms.toFixed(1)}`,
        `total;dur=${timings.total_ms.toFixed(1)}`,
      ].join(", ");
      const headers: Record<string, string> = o.timingHeader === "missing" ? {} : { "Server-Timing": serverTiming };
      if (mode.kind === "huge-headers") {
        // 64 headers of 1 KiB each: 64 KiB of headers, within the 10 MiB that Go's HTTP client (k6's) accepts by default.
        for (let i = 0; i < 64; i++) headers[`X-Padding-${i}`] = "x".repeat(1024);
      }
      if (o.unreportedMs > 0) await sleep(o.unreportedMs);
      send(res, 200, { query, results: [{ id: "doc-1", score: 0.92 }, { id: "doc-2", score: 0.87 }], timings }, headers);
    } finally {
      if (admitted) pool?.release();
    }
  };

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/stats") {
      send(res, 200, stats);
      return;
    }
    stats.requests++;
    if (req.method === "GET" && path === "/health") {
      send(res, 200, { status: "ok", mode: mode.kind });
      return;
    }
    if (req.method === "POST" && path === "/search") {
      search(req, res).catch(() => res.destroy());
      return;
    }
    send(res, 404, { error: `no route ${req.method} ${path}; try POST /search or GET /health` });
  });
  server.keepAliveTimeout = 30_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  if (mode.kind === "down") {
    // Learn a free port, then stop listening: connections to it are refused.
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats: () => structuredClone(stats),
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
