// Writes dist/k6/loadgate.js (and its .d.ts): loadgate's k6-side API as one self-contained ES module,
// for k6 scripts that import it by a relative path instead of being bundled. Runs after tsc has
// compiled dist/lib (npm run build, npm pack).
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleK6Module } from "../dist/lib/node/bundle.js";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outfile = await bundleK6Module(root);
console.error(`wrote ${relative(process.cwd(), outfile)}`);
