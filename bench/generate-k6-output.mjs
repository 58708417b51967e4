#!/usr/bin/env node
// Writes a large k6 `--out json` file of the same shape as a real run (metric declarations, then
// per request the 11 http_req_* / http_reqs / data_* / iteration lines k6 writes, vus every second),
// for memory and speed measurements of `loadgate analyse`.
//   node bench/generate-k6-output.mjs <out.json[.gz]> <samples> [vus]
// Latency drifts up over the run (a leak) so the analysis has something to find.
import { createWriteStream } from "node:fs";
import { createGzip } from "node:zlib";

const [out, samplesText, vusText = "20"] = process.argv.slice(2);
const samples = Number(samplesText);
const vus = Number(vusText);
if (!out || !Number.isInteger(samples) || samples <= 0 || !Number.isInteger(vus) || vus <= 0) {
  console.error("usage: node bench/generate-k6-output.mjs <out.json[.gz]> <samples> [vus]");
  process.exit(2);
}
const file = createWriteStream(out);
const sink = out.endsWith(".gz") ? createGzip({ level: 1 }) : file;
if (sink !== file) sink.pipe(file);

const url = "http://127.0.0.1:8080/search";
const tagsOk = `{"expected_response":"true","group":"","method":"POST","name":"${url}","proto":"HTTP/1.1","scenario":"load","status":"200","url":"${url}"}`;
const tagsFail = `{"expected_response":"false","group":"","method":"POST","name":"${url}","proto":"HTTP/1.1","scenario":"load","status":"503","url":"${url}"}`;
const iterTags = `{"group":"","scenario":"load"}`;
const decl = (name, type, contains) =>
  `{"type":"Metric","data":{"name":"${name}","type":"${type}","contains":"${contains}","thresholds":[],"submetrics":null},"metric":"${name}"}\n`;
const PER_REQUEST = ["http_reqs", "http_req_duration", "http_req_blocked", "http_req_connecting", "http_req_tls_handshaking", "http_req_sending", "http_req_waiting", "http_req_receiving", "http_req_failed"];
const PER_ITERATION = ["data_sent", "data_received", "iteration_duration", "iterations"];
const TYPES = { http_reqs: ["counter", "default"], http_req_failed: ["rate", "default"], data_sent: ["counter", "data"], data_received: ["counter", "data"], iterations: ["counter", "default"], vus: ["gauge", "default"] };

let seed = 1;
const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const start = Date.parse("2026-01-01T00:00:00Z");
const requests = Math.ceil(samples / (PER_REQUEST.length + PER_ITERATION.length));
const perSecond = vus * 8; // 8 req/s per user at ~120 ms
const stamp = (ms) => {
  const whole = Math.floor(ms);
  const nanos = String(Math.floor((ms - whole) * 1e6)).padStart(6, "0");
  return new Date(whole).toISOString().replace("Z", `${nanos}Z`);
};

let written = 0;
let buffer = "";
const declared = new Set();
let lastSecond = -1;
async function flush(force) {
  if (buffer.length < 1 << 20 && !force) return;
  if (!sink.write(buffer)) await new Promise((resolve) => sink.once("drain", resolve));
  buffer = "";
}
for (let i = 0; i < requests && written < samples; i++) {
  const t = start + (i / perSecond) * 1000;
  const second = Math.floor((t - start) / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    if (!declared.has("vus")) {
      declared.add("vus");
      buffer += decl("vus", "gauge", "default");
    }
    buffer += `{"metric":"vus","type":"Point","data":{"time":"${stamp(t)}","value":${vus},"tags":null}}\n`;
    written++;
  }
  const failed = random() < 0.01;
  const duration = failed ? 1 + random() : 120 + (60 * i) / requests + 10 * random() ** 4 * 10;
  const time = stamp(t);
  for (const name of PER_REQUEST) {
    if (!declared.has(name)) {
      declared.add(name);
      const [type, contains] = TYPES[name] ?? ["trend", "time"];
      buffer += decl(name, type, contains);
    }
    const value =
      name === "http_reqs" ? 1 : name === "http_req_failed" ? (failed ? 1 : 0) : name === "http_req_duration" ? duration : name === "http_req_waiting" ? duration - 0.3 : random();
    buffer += `{"metric":"${name}","type":"Point","data":{"time":"${time}","value":${+value.toFixed(6)},"tags":${failed ? tagsFail : tagsOk}}}\n`;
  }
  for (const name of PER_ITERATION) {
    if (!declared.has(name)) {
      declared.add(name);
      const [type, contains] = TYPES[name] ?? ["trend", "time"];
      buffer += decl(name, type, contains);
    }
    const value = name === "iterations" ? 1 : name === "iteration_duration" ? duration + 0.5 : 400;
    buffer += `{"metric":"${name}","type":"Point","data":{"time":"${time}","value":${+value.toFixed(6)},"tags":${iterTags}}}\n`;
  }
  written += PER_REQUEST.length + PER_ITERATION.length;
  await flush(false);
}
await flush(true);
sink.end();
await new Promise((resolve) => file.on("close", resolve));
console.log(`${out}: ${written} samples, ${requests} requests over ${(requests / perSecond).toFixed(0)} s`);
