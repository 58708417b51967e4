import { ensureK6, K6_VERSION, locateK6 } from "../k6-binary.ts";
import { parse, type Command } from "./shared.ts";

export const k6: Command = {
  name: "k6",
  summary: "show the k6 binary loadgate uses; --install builds it when missing",
  usage: "usage: loadgate k6 [--install]",
  async run(args) {
    const { values } = parse(this, args, { install: { type: "boolean" } }, false);
    const found = values.install ? await ensureK6() : await locateK6();
    if (found === undefined) {
      console.error(`loadgate k6: no k6 >= v${K6_VERSION} found; run \`loadgate k6 --install\` to build it with Go`);
      return 1;
    }
    console.log(`${found.path}  k6 v${found.version}  (${found.source})`);
    return 0;
  },
};
