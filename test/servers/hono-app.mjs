// A Hono app timing its work with hono/timing, as its documentation shows, on 127.0.0.1.
//   node test/servers/hono-app.mjs   → prints "listening <port>"
// GET /search: embedding (EMBEDDING_MS, 40) then fusion (FUSION_MS, 80), each a real wait, in Server-Timing.
// GET /every/:n: every n-th request answers 503, the others 200 (a failure share of exactly 1/n).
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { endTime, startTime, timing } from "hono/timing";

const embeddingMs = Number(process.env.EMBEDDING_MS ?? 40);
const fusionMs = Number(process.env.FUSION_MS ?? 80);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const app = new Hono();
app.use("/search", timing());
app.get("/search", async (c) => {
  startTime(c, "embedding");
  await sleep(embeddingMs);
  endTime(c, "embedding");
  startTime(c, "fusion");
  await sleep(fusionMs);
  endTime(c, "fusion");
  return c.json({ hits: [] });
});
const seen = new Map();
app.get("/every/:n", (c) => {
  const n = Number(c.req.param("n"));
  const count = (seen.get(n) ?? 0) + 1;
  seen.set(n, count);
  return count % n === 0 ? c.text("unavailable", 503) : c.json({ ok: true });
});

serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => console.log(`listening ${info.port}`));
