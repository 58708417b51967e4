#!/usr/bin/env node
// The naive baseline `npm run bench` compares `loadgate analyse` with: read k6 JSON output line by
// line, JSON.parse every line, keep every value of every metric, sort, and print the p(95) of
// http_req_duration over successful responses.
//   node bench/naive-analyse.mjs <run.json[.gz]>
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";

const file = process.argv[2];
if (!file) {
  console.error("usage: node bench/naive-analyse.mjs <run.json[.gz]>");
  process.exit(2);
}
const source = createReadStream(file);
const lines = createInterface({ input: file.endsWith(".gz") ? source.pipe(createGunzip()) : source, crlfDelay: Infinity });
const values = new Map();
let samples = 0;
for await (const line of lines) {
  if (line === "") continue;
  const entry = JSON.parse(line);
  if (entry.type !== "Point") continue;
  samples++;
  const key = entry.metric === "http_req_duration" && entry.data.tags?.expected_response === "true" ? "ok" : entry.metric;
  let list = values.get(key);
  if (list === undefined) values.set(key, (list = []));
  list.push(entry.data.value);
}
const p95 = {};
for (const [key, list] of values) {
  list.sort((a, b) => a - b);
  p95[key] = list[Math.max(0, Math.ceil(list.length * 0.95) - 1)];
}
console.log(JSON.stringify({ samples, p95 }));
