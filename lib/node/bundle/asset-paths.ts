import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, relative, resolve, sep } from "node:path";
import type { Loader, Plugin } from "esbuild";
import type ts from "typescript";
import { loadgateRoot, typescript } from "./loadgate-package.ts";

// k6 resolves a relative path against a folder that depends on the call (k6 v2.2.0; docs/k6-facts.md):
// - global `open()`: the folder of the module whose top-level code is running when it is called
//   (`CurrentlyRequiredModule` in js/modules/require_impl.go, used by internal/js/bundle.go);
// - `import.meta.resolve()`: the folder of the module it is written in (`ModuleSystem.Resolve`);
// - `open()` of k6/experimental/fs, gRPC `client.load()` import paths and `loadProtoset()`: the
//   folder of the entry script (`initEnv.CWD` in internal/js/modules/k6/experimental/fs/module.go
//   and internal/js/modules/k6/grpc/client.go).
// In a bundle every module is the bundle, so all of them become the bundle's folder. The build
// rewrites each relative path it can read to the path of the same file seen from the bundle's folder.

/** A file the bundle reads when k6 starts, found at a call with a path known at build time. */
export interface Asset {
  /** Absolute path of the file. */
  path: string;
  /** The call that names it, `file:line:column` (file relative to the working directory). */
  at: string;
  /** Whether the file was there at build time. */
  exists: boolean;
}

/** Where a bundle's paths lead: the files it reads and the calls it could not make resolve as before. */
export interface ModulePaths {
  /** The module's code with each relative path rewritten; undefined when nothing changed. */
  code: string | undefined;
  assets: Asset[];
  /** `file:line:column: message`, one per call the bundle may resolve differently, or per missing file. */
  warnings: string[];
}

/** The bundle being built: its entry script and the folder it is written to (both absolute). */
export interface BundleTarget {
  entry: string;
  outdir: string;
}

const FS_MODULE = "k6/experimental/fs";
const GRPC_MODULE = "k6/net/grpc";
/** A cheap test before parsing: does the text call anything whose path k6 resolves? */
const MAY_CALL = /\bopen\s*\(|\.load(?:Protoset)?\s*\(|import\.meta\.resolve\s*\(/;

type Base = "module" | "entry";

/** The names a module gives k6's file-reading functions. */
interface Bindings {
  fsNamespaces: Set<string>;
  fsOpen: Set<string>;
  grpcNamespaces: Set<string>;
  grpcClasses: Set<string>;
  /** Receivers (`client`, `this.client`) that hold a `new grpc.Client()`. */
  clients: Set<string>;
  /** The module declares its own `open`, so a bare `open()` is not k6's. */
  shadowsOpen: boolean;
}

const display = (path: string): string => relative(process.cwd(), path).split(sep).join("/") || ".";
const folder = (path: string): string => `${display(path)}/`;
const isRelative = (path: string): boolean => path !== "" && !/^(\/|\\|[A-Za-z]:[\\/]|[a-z][a-z0-9+.-]*:)/i.test(path);
const fromBundle = (outdir: string, file: string): string => relative(outdir, file).split(sep).join("/") || ".";

function scriptKind(ts: typeof import("typescript"), file: string): ts.ScriptKind {
  const ext = extname(file);
  if (ext === ".tsx") return ts.ScriptKind.TSX;
  if (ext === ".jsx") return ts.ScriptKind.JSX;
  if ([".ts", ".mts", ".cts"].includes(ext)) return ts.ScriptKind.TS;
  return ts.ScriptKind.JS;
}

function bindingsOf(ts: typeof import("typescript"), source: ts.SourceFile): Bindings {
  const b: Bindings = { fsNamespaces: new Set(), fsOpen: new Set(), grpcNamespaces: new Set(), grpcClasses: new Set(), clients: new Set(), shadowsOpen: false };
  const bind = (module: string, namespace: string | undefined, named: [imported: string, local: string][]) => {
    if (module === FS_MODULE) {
      if (namespace !== undefined) b.fsNamespaces.add(namespace);
      for (const [imported, local] of named) if (imported === "open") b.fsOpen.add(local);
    } else if (module === GRPC_MODULE) {
      if (namespace !== undefined) b.grpcNamespaces.add(namespace);
      for (const [imported, local] of named) if (imported === "Client") b.grpcClasses.add(local);
    }
    for (const [, local] of named) if (local === "open" && module !== FS_MODULE) b.shadowsOpen = true;
  };
  const requiredModule = (node: ts.Expression | undefined): string | undefined =>
    node !== undefined && ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "require" &&
    node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0]!)
      ? node.arguments[0].text
      : undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.importClause !== undefined) {
      const clause = node.importClause;
      const named: [string, string][] = [];
      let namespace = clause.name?.text;
      if (clause.namedBindings !== undefined && ts.isNamespaceImport(clause.namedBindings)) namespace = clause.namedBindings.name.text;
      if (clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings)) {
        for (const e of clause.namedBindings.elements) named.push([(e.propertyName ?? e.name).text, e.name.text]);
      }
      bind(node.moduleSpecifier.text, namespace, named);
    } else if (ts.isVariableDeclaration(node)) {
      const module = requiredModule(node.initializer);
      if (module !== undefined && ts.isIdentifier(node.name)) bind(module, node.name.text, []);
      else if (module !== undefined && ts.isObjectBindingPattern(node.name)) {
        const named: [string, string][] = [];
        for (const e of node.name.elements) {
          const imported = e.propertyName ?? e.name;
          if (ts.isIdentifier(imported) && ts.isIdentifier(e.name)) named.push([imported.text, e.name.text]);
        }
        bind(module, undefined, named);
      } else if (ts.isIdentifier(node.name) && node.name.text === "open") b.shadowsOpen = true;
    } else if ((ts.isFunctionDeclaration(node) || ts.isParameter(node)) && node.name !== undefined && ts.isIdentifier(node.name) && node.name.text === "open") {
      b.shadowsOpen = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  // Clients: `x = new grpc.Client()`, in a declaration or an assignment (`this.client = ...`).
  const isClient = (node: ts.Expression): boolean =>
    ts.isNewExpression(node) &&
    ((ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression) &&
      b.grpcNamespaces.has(node.expression.expression.text) && node.expression.name.text === "Client") ||
      (ts.isIdentifier(node.expression) && b.grpcClasses.has(node.expression.text)));
  const clients = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.initializer !== undefined && isClient(node.initializer)) b.clients.add(node.name.getText(source));
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isClient(node.right)) {
      b.clients.add(node.left.getText(source));
    }
    ts.forEachChild(node, clients);
  };
  if (b.grpcNamespaces.size > 0 || b.grpcClasses.size > 0) clients(source);
  return b;
}

/** The string literals an argument may evaluate to, and the parts computed at run time (`__ENV.DATA || "./users.csv"`). */
function leaves(ts: typeof import("typescript"), node: ts.Expression): { literals: ts.StringLiteralLike[]; computed: ts.Expression[] } {
  if (ts.isStringLiteralLike(node)) return { literals: [node], computed: [] };
  if (ts.isParenthesizedExpression(node)) return leaves(ts, node.expression);
  const both = (a: ts.Expression, b: ts.Expression) => {
    const x = leaves(ts, a);
    const y = leaves(ts, b);
    return { literals: [...x.literals, ...y.literals], computed: [...x.computed, ...y.computed] };
  };
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(node.operatorToken.kind)) {
    return both(node.left, node.right);
  }
  if (ts.isConditionalExpression(node)) return both(node.whenTrue, node.whenFalse);
  return { literals: [], computed: [node] };
}

function insideFunction(ts: typeof import("typescript"), node: ts.Node): boolean {
  for (let n = node.parent; n !== undefined; n = n.parent) if (ts.isFunctionLike(n)) return true;
  return false;
}

/**
 * Rewrites the relative paths a module passes to `open()`, k6/experimental/fs `open()`, gRPC
 * `load()`/`loadProtoset()` and `import.meta.resolve()` so that, read from `target.outdir`, they
 * name the files k6 would read for the unbundled script; lists those files and warns about each
 * path computed at run time, with its line.
 */
export function rewriteAssetPaths(file: string, text: string, target: BundleTarget): ModulePaths {
  const result: ModulePaths = { code: undefined, assets: [], warnings: [] };
  if (!MAY_CALL.test(text)) return result;
  const ts = typescript();
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(ts, file));
  const b = bindingsOf(ts, source);
  const edits: { start: number; end: number; text: string }[] = [];
  const moduleDir = dirname(file);
  const entryDir = dirname(target.entry);
  const where = (node: ts.Node): string => {
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
    return `${display(file)}:${line + 1}:${character + 1}`;
  };
  const warn = (node: ts.Node, message: string) => result.warnings.push(`${where(node)}: ${message}`);
  const replace = (node: ts.Node, replacement: string) => edits.push({ start: node.getStart(source), end: node.getEnd(), text: replacement });
  const asset = (node: ts.Node, call: string, path: string) => {
    const exists = existsSync(path);
    result.assets.push({ path, at: where(node), exists });
    if (!exists) warn(node, `${call}: no such file ${display(path)}`);
  };
  const baseName = (base: Base) => (base === "entry" ? `the entry script's folder ${folder(entryDir)}` : folder(moduleDir));
  const computedWarning = (call: string, base: Base, computed: readonly ts.Expression[]) => {
    for (const node of computed) {
      warn(
        node,
        `${call} takes a path computed at run time (${node.getText(source)}): a relative value resolves against the bundle's folder ` +
          `${folder(target.outdir)}, where the unbundled script resolved it against ${baseName(base)}; pass a string literal or an absolute path`,
      );
    }
  };

  // Global open(): the folder of the module running its top-level code. A call inside a function
  // runs when some module's init code calls that function: usually this module's own, else the entry's.
  const openBase = (node: ts.Node, path: string): string => {
    if (file === target.entry || moduleDir === entryDir || !insideFunction(ts, node)) return moduleDir;
    const inModule = existsSync(resolve(moduleDir, path));
    const inEntry = existsSync(resolve(entryDir, path));
    if (inEntry && !inModule) return entryDir;
    if (inModule && inEntry) {
      warn(
        node,
        `open(${JSON.stringify(path)}) inside a function: k6 resolves it against the folder of the module whose init code calls the function; ` +
          `both ${display(resolve(moduleDir, path))} and ${display(resolve(entryDir, path))} exist, the bundle reads the first`,
      );
    }
    return moduleDir;
  };

  const path = (call: string, arg: ts.Expression, base: Base | "open") => {
    const { literals, computed } = leaves(ts, arg);
    for (const literal of literals) {
      if (!isRelative(literal.text)) continue;
      const dir = base === "open" ? openBase(literal, literal.text) : base === "entry" ? entryDir : moduleDir;
      const absolute = resolve(dir, literal.text);
      asset(literal, call, absolute);
      replace(literal, JSON.stringify(fromBundle(target.outdir, absolute)));
    }
    computedWarning(call, base === "open" ? "module" : base, computed);
  };

  // gRPC load(importPaths, ...files): files are looked up in the import paths; none means the entry's folder.
  const grpcLoad = (call: ts.CallExpression) => {
    const [paths, ...files] = call.arguments;
    if (paths === undefined) return;
    let dirs: string[] | undefined;
    const empty = ts.isArrayLiteralExpression(paths) ? paths.elements.length === 0 : paths.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(paths) && paths.text === "undefined");
    if (empty) {
      dirs = [entryDir];
      replace(paths, JSON.stringify([fromBundle(target.outdir, entryDir)]));
    } else if (ts.isArrayLiteralExpression(paths)) {
      const known: string[] = [];
      let computedAny = false;
      for (const element of paths.elements) {
        const { literals, computed } = leaves(ts, element as ts.Expression);
        for (const literal of literals) {
          const dir = isRelative(literal.text) ? resolve(entryDir, literal.text) : literal.text;
          known.push(dir);
          if (isRelative(literal.text)) replace(literal, JSON.stringify(fromBundle(target.outdir, dir)));
        }
        computedWarning("client.load() import path", "entry", computed);
        computedAny ||= computed.length > 0;
      }
      if (!computedAny) dirs = known;
    } else {
      computedWarning("client.load() import paths", "entry", [paths]);
    }
    if (dirs === undefined) return;
    for (const fileArg of files) {
      for (const literal of leaves(ts, fileArg).literals) {
        const found = dirs.map((dir) => resolve(dir, literal.text)).find((candidate) => existsSync(candidate));
        asset(literal, `client.load() of ${JSON.stringify(literal.text)} under ${dirs.map(display).join(", ")}`, found ?? resolve(dirs[0] ?? entryDir, literal.text));
      }
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const callee = node.expression;
      const first = node.arguments[0]!;
      if (ts.isIdentifier(callee) && b.fsOpen.has(callee.text)) path("open() of k6/experimental/fs", first, "entry");
      else if (ts.isIdentifier(callee) && callee.text === "open" && !b.shadowsOpen) path("open()", first, "open");
      else if (ts.isPropertyAccessExpression(callee)) {
        const receiver = callee.expression;
        const name = callee.name.text;
        if (name === "open" && ts.isIdentifier(receiver) && b.fsNamespaces.has(receiver.text)) path("open() of k6/experimental/fs", first, "entry");
        else if (name === "resolve" && ts.isMetaProperty(receiver)) path("import.meta.resolve()", first, "module");
        else if (b.clients.has(receiver.getText(source)) && name === "load") grpcLoad(node);
        else if (b.clients.has(receiver.getText(source)) && name === "loadProtoset") path("client.loadProtoset()", first, "entry");
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  if (edits.length > 0) {
    let code = text;
    for (const edit of edits.sort((x, y) => y.start - x.start)) code = code.slice(0, edit.start) + edit.text + code.slice(edit.end);
    result.code = code;
  }
  return result;
}

const LOADERS: Record<string, Loader> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".jsx": "jsx", ".js": "js", ".mjs": "js", ".cjs": "js" };

/**
 * The esbuild plugin that rewrites each module's relative paths for the bundle (see
 * {@link rewriteAssetPaths}) and collects the files and warnings into `found`. loadgate's own code
 * (lib/, or dist/lib/ in an installed package) is left alone: its readers resolve `PRESET_FILE` and
 * `BASELINE` against `PWD` on purpose.
 */
export function assetPathsPlugin(target: BundleTarget, found: { assets: Asset[]; warnings: string[] }): Plugin {
  const own = [resolve(loadgateRoot(), "lib") + sep, resolve(loadgateRoot(), "dist") + sep];
  return {
    name: "loadgate-asset-paths",
    setup(build) {
      build.onLoad({ filter: /\.(m|c)?(j|t)sx?$/ }, (args) => {
        if (args.namespace !== "file" || own.some((folder) => args.path.startsWith(folder))) return undefined;
        const text = readFileSync(args.path, "utf8");
        const paths = rewriteAssetPaths(args.path, text, target);
        found.assets.push(...paths.assets);
        found.warnings.push(...paths.warnings);
        if (paths.code === undefined) return undefined;
        return { contents: paths.code, loader: LOADERS[extname(args.path)] ?? "js", resolveDir: dirname(args.path) };
      });
    },
  };
}
