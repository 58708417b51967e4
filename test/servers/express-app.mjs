// An Express app timing its work with the server-timing package, as its README shows, on 127.0.0.1.
//   node test/servers/express-app.mjs   → prints "listening <port>"
// GET /search: embedding (EMBEDDING_MS, 40) then fusion (FUSION_MS, 80), each a real wait; the
// package's total entry is named TOTAL_NAME ("total", the package's default).
import express from "express";
import serverTiming from "server-timing";

const embeddingMs = Number(process.env.EMBEDDING_MS ?? 40);
const fusionMs = Number(process.env.FUSION_MS ?? 80);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const app = express();
app.use(serverTiming({ name: process.env.TOTAL_NAME ?? "total" }));
app.get("/search", async (req, res) => {
  res.startTime("embedding", "embedding");
  await sleep(embeddingMs);
  res.endTime("embedding");
  res.startTime("fusion", "fusion");
  await sleep(fusionMs);
  res.endTime("fusion");
  res.json({ hits: [] });
});

const server = app.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
