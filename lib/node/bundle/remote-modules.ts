import { existsSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Plugin } from "esbuild";

/** A remote module the bundle still imports: k6 fetches it over the network when it starts. */
export interface RemoteImport {
  url: string;
  /** The module that imports it, relative to the working directory. */
  importer: string;
  /** Where a vendored copy was looked for, when a vendor folder was given. */
  lookedAt: string[];
}

/**
 * Where a copy of `url` may sit in a vendor folder: `<vendor>/<host>/<path>`, or
 * `<vendor>/https/<host>/<path>` as in an unpacked `k6 archive` (lib/archive.go keeps remote modules
 * under their scheme).
 */
export function vendoredPaths(vendor: string, url: string): string[] {
  const u = new URL(url);
  const path = decodeURIComponent(u.pathname).split("/").filter(Boolean);
  return [join(vendor, u.host, ...path), join(vendor, u.protocol.replace(":", ""), u.host, ...path)];
}

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/**
 * The esbuild plugin for `https://` imports: inlined from `vendor` when a copy is there (its own
 * relative and host-absolute imports resolve inside the copy), else kept as imports and listed in `remote`.
 */
export function remoteModulesPlugin(vendor: string | undefined, remote: RemoteImport[]): Plugin {
  const folder = vendor === undefined ? undefined : resolve(vendor);
  return {
    name: "loadgate-remote-modules",
    setup(build) {
      build.onResolve({ filter: /^https?:\/\// }, (args) => {
        const candidates = folder === undefined ? [] : vendoredPaths(folder, args.path);
        const found = candidates.find(isFile);
        if (found !== undefined) return { path: found };
        remote.push({ url: args.path, importer: relative(process.cwd(), args.importer).split(sep).join("/"), lookedAt: candidates });
        return { path: args.path, external: true };
      });
      if (folder === undefined) return;
      // `import "/k6-utils/1.4.0/index.js"` inside a vendored module means the same host.
      build.onResolve({ filter: /^\// }, (args) => {
        const rel = relative(folder, args.importer);
        if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return undefined;
        const [first = "", second = ""] = rel.split(sep);
        const hostDir = first === "https" || first === "http" ? join(folder, first, second) : join(folder, first);
        const path = join(hostDir, args.path);
        return isFile(path) ? { path } : undefined;
      });
    },
  };
}
