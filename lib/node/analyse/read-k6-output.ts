import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import { K6OutputError } from "../../core/errors.ts";

/** A k6 metric's declaration, from the `"type":"Metric"` lines of k6's JSON output. */
export interface K6MetricInfo {
  name: string;
  type: "counter" | "gauge" | "rate" | "trend";
  contains: "default" | "time" | "data";
  /** Threshold expressions declared on the metric (`p(95)<500`). */
  thresholds: string[];
}

/** The tags of a sample. Equal tag sets are one shared frozen object, so identity can key caches. */
export type K6Tags = Readonly<Record<string, string>>;

/** Called for every accepted sample; `time` is epoch milliseconds (sub-millisecond fraction kept). */
export type K6SampleHandler = (metric: string, time: number, value: number, tags: K6Tags) => void;

/** Options of {@link readK6Output}. */
export interface ReadK6OutputOptions {
  /** Metric names whose samples are wanted; other lines are skipped without being parsed. @default every metric */
  metrics?: readonly string[];
  /** Receives progress: bytes of the file read so far and its size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Receives each metric declaration as it is read, before the metric's first sample. */
  onMetric?: (info: K6MetricInfo) => void;
}

/** What reading one file found, beside the samples. */
export interface K6OutputRead {
  file: string;
  gzip: boolean;
  /** Lines seen (complete or not). */
  lines: number;
  /** Samples passed to the handler. */
  samples: number;
  metrics: Record<string, K6MetricInfo>;
  /** The last line had no newline and was not valid JSON (a killed run): skipped. */
  truncatedLastLine?: { line: number; bytes: number };
  /** The gzip stream ended before its end marker (a killed run): what came before was read. */
  gzipEndedEarly?: boolean;
  /** Lines before the last one that were not k6 JSON: skipped. */
  malformed?: { count: number; firstLine: number };
}

const POINT = '{"metric":"';
const POINT_BYTES = Buffer.from(POINT);
const TIME = '"time":"';
const VALUE = '"value":';
const TAGS = '"tags":';
const METADATA = ',"metadata":';
const MAX_INTERNED_TAG_SETS = 100_000;

/**
 * Streams one k6 `--out json` file (gzip or plain, told apart by its first bytes) and calls `onSample`
 * for each sample of the wanted metrics. Memory stays constant in the file's length: lines of unwanted
 * metrics are recognised by their prefix and never parsed, and equal tag sets are parsed once.
 * A truncated last line is reported in the result and skipped; an empty file, a corrupt gzip stream or
 * a file that is not k6 JSON output rejects with a {@link K6OutputError}.
 * @example const read = await readK6Output("run.json.gz", (metric, time, value, tags) => {}, { metrics: ["http_req_duration"] });
 */
export async function readK6Output(
  file: string,
  onSample: K6SampleHandler,
  options: ReadK6OutputOptions = {},
): Promise<K6OutputRead> {
  const { size } = await stat(file);
  if (size === 0) throw new K6OutputError(`${file}: the file is empty; expected k6 output from \`k6 run --out json=${file}\``);
  const head = Buffer.alloc(2);
  const handle = await open(file, "r");
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const wantedBytes = options.metrics === undefined ? undefined : [...new Set(options.metrics)].map((name) => Buffer.from(name));
  const result: K6OutputRead = { file, gzip, lines: 0, samples: 0, metrics: {} };
  const tagCache = new Map<string, K6Tags>();
  let malformed = 0;
  let firstMalformed = 0;
  let lastSecondText = "\u0000"; // matches no time
  let lastZone = "";
  let lastSecondMs = 0;

  const parseTime = (text: string): number => {
    // RFC 3339 with nanoseconds, e.g. 2026-11-23T15:24:10.820879694Z or ...+02:00; the whole-second
    // part repeats for many lines, so it is parsed once per second, and the fraction is read digit by digit.
    if (text.length < 19) return Number.NaN;
    let end = 19;
    let fraction = 0;
    if (text.charCodeAt(19) === 46) {
      end = 20;
      let digits = 0;
      let scale = 1;
      while (end < text.length) {
        const c = text.charCodeAt(end);
        if (c < 48 || c > 57) break;
        if (scale < 1e9) {
          digits = digits * 10 + (c - 48);
          scale *= 10;
        }
        end++;
      }
      fraction = (digits / scale) * 1000;
    }
    if (text.length - end !== lastZone.length || !text.startsWith(lastSecondText) || !text.endsWith(lastZone)) {
      lastSecondText = text.slice(0, 19);
      lastZone = text.slice(end);
      lastSecondMs = Date.parse(lastSecondText + lastZone);
    }
    return lastSecondMs + fraction;
  };

  const tagsOf = (text: string): K6Tags => {
    let tags = tagCache.get(text);
    if (tags === undefined) {
      if (tagCache.size >= MAX_INTERNED_TAG_SETS) tagCache.clear();
      tags = Object.freeze((text === "null" ? {} : JSON.parse(text)) as Record<string, string>);
      tagCache.set(text, tags);
    }
    return tags;
  };

  const bad = (line: number) => {
    if (malformed++ === 0) firstMalformed = line;
  };

  /** Whether `bytes` holds `prefix` at `at` (a byte loop: cheaper than Buffer.compare's native call for a few bytes). */
  const holds = (bytes: Buffer, at: number, end: number, prefix: Buffer): boolean => {
    const n = prefix.length;
    if (at + n > end) return false;
    for (let i = 0; i < n; i++) if (bytes[at + i] !== prefix[i]) return false;
    return true;
  };

  /**
   * Handles the complete line at [start, end) of `bytes`; false when it is not k6 JSON. Lines are
   * matched as bytes, and only the lines of wanted metrics are decoded to strings.
   */
  const handleLine = (bytes: Buffer, start: number, end: number): boolean => {
    if (holds(bytes, start, end, POINT_BYTES)) {
      const nameStart = start + POINT_BYTES.length;
      const nameEnd = bytes.indexOf(34, nameStart);
      if (nameEnd < 0 || nameEnd >= end) return false;
      if (wantedBytes !== undefined) {
        const length = nameEnd - nameStart;
        let found = false;
        for (const name of wantedBytes) {
          if (name.length === length && holds(bytes, nameStart, nameEnd, name)) {
            found = true;
            break;
          }
        }
        if (!found) return true;
      }
      const line = bytes.toString("utf8", start, end);
      const from = POINT.length;
      const metric = line.slice(from, line.indexOf('"', from));
      const timeAt = line.indexOf(TIME, from);
      const valueAt = line.indexOf(VALUE, from);
      const tagsAt = line.indexOf(TAGS, from);
      if (timeAt < 0 || valueAt < 0 || tagsAt < 0) return false;
      const timeEnd = line.indexOf('"', timeAt + TIME.length);
      const valueEnd = line.indexOf(",", valueAt + VALUE.length);
      // A JSON string cannot hold an unescaped `,"metadata":`, so the first one after the tags ends them.
      const metaAt = line.indexOf(METADATA, tagsAt);
      const tagsEnd = metaAt > tagsAt ? metaAt : line.length - 2;
      const time = parseTime(line.slice(timeAt + TIME.length, timeEnd));
      const value = Number(line.slice(valueAt + VALUE.length, valueEnd));
      if (Number.isNaN(time) || Number.isNaN(value) || line.charCodeAt(line.length - 1) !== 125) return false;
      let tags: K6Tags;
      try {
        tags = tagsOf(line.slice(tagsAt + TAGS.length, tagsEnd));
      } catch {
        return false;
      }
      result.samples++;
      onSample(metric, time, value, tags);
      return true;
    }
    let parsed: { type?: unknown; data?: Partial<K6MetricInfo> & { thresholds?: unknown } };
    try {
      parsed = JSON.parse(bytes.toString("utf8", start, end)) as typeof parsed;
    } catch {
      return false;
    }
    if (parsed.type !== "Metric" || typeof parsed.data?.name !== "string") return false;
    const d = parsed.data;
    const info: K6MetricInfo = {
      name: d.name!,
      type: d.type ?? "trend",
      contains: d.contains ?? "default",
      thresholds: Array.isArray(d.thresholds) ? (d.thresholds as string[]) : [],
    };
    result.metrics[info.name] = info;
    options.onMetric?.(info);
    return true;
  };

  const source = createReadStream(file, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  source.on("data", (chunk) => {
    bytesRead += chunk.length;
    options.onProgress?.(bytesRead, size);
  });
  const stream = gzip ? source.pipe(createGunzip({ chunkSize: 1 << 20 })) : source;
  source.on("error", (error) => stream.destroy(error));
  let rest: Buffer | undefined;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      if (rest !== undefined) {
        // Only the line that spans two chunks is copied, not the whole chunk.
        const first = chunk.indexOf(10);
        if (first < 0) {
          rest = Buffer.concat([rest, chunk]);
          if (result.lines === 0 && rest.length > 1 << 20) {
            throw new K6OutputError(`${file}: no line break in the first MiB; expected k6 JSON output (one JSON object per line)`);
          }
          continue;
        }
        const line = Buffer.concat([rest, chunk.subarray(0, first)]);
        result.lines++;
        if (line.length > 0 && !handleLine(line, 0, line.length)) bad(result.lines);
        rest = undefined;
        start = first + 1;
      }
      for (let end = chunk.indexOf(10, start); end >= 0; end = chunk.indexOf(10, start)) {
        result.lines++;
        if (end > start && !handleLine(chunk, start, end)) bad(result.lines);
        start = end + 1;
      }
      rest = start < chunk.length ? Buffer.from(chunk.subarray(start)) : undefined;
      if (result.lines === 0 && rest !== undefined && rest.length > 1 << 20) {
        throw new K6OutputError(`${file}: no line break in the first MiB; expected k6 JSON output (one JSON object per line)`);
      }
    }
  } catch (error) {
    if (error instanceof K6OutputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (gzip && code === "Z_BUF_ERROR") {
      result.gzipEndedEarly = true;
    } else if (gzip && typeof code === "string" && code.startsWith("Z_")) {
      throw new K6OutputError(`${file}: corrupt gzip data (${(error as Error).message})`);
    } else {
      throw error;
    }
  }
  if (rest !== undefined && rest.length > 0) {
    result.lines++;
    // Every line k6 writes ends with "}\n": a last line without its "}" was cut off, even one the prefix check would skip.
    const complete = rest[rest.length - 1] === 125 && handleLine(rest, 0, rest.length);
    if (!complete) result.truncatedLastLine = { line: result.lines, bytes: rest.length };
  }
  if (malformed > 0) result.malformed = { count: malformed, firstLine: firstMalformed };
  if (malformed === result.lines - (result.truncatedLastLine ? 1 : 0)) {
    throw new K6OutputError(
      `${file}: not k6 JSON output; line ${firstMalformed || 1} is neither a "Metric" nor a "Point" line (record with \`k6 run --out json=run.json.gz\`)`,
    );
  }
  return result;
}
