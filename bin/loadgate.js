#!/usr/bin/env node
// The loadgate CLI. Its code is compiled from lib/node to dist/ by `npm run build` (and on install).
import { existsSync } from "node:fs";

const cli = new URL("../dist/lib/node/cli.js", import.meta.url);
if (!existsSync(cli)) {
  console.error("loadgate: dist/ is missing; run `npm run build` (or `npm install`, which builds it) first");
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
