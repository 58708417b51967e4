import type ts from "typescript";
import { typescript } from "./loadgate-package.ts";

/**
 * A bundle esbuild wrote as an ES module, rewritten as CommonJS, or undefined where it must stay an
 * ES module. k6 keeps an ES module's syntax tree for the whole run, and of a CommonJS file only the
 * compiled program (docs/k6-facts.md, "Init context and VUs"): for a ready script 3–4 MiB of
 * k6's memory. esbuild's own CommonJS output reaches k6's modules and the script's exports through
 * helpers that copy every export as a getter in every VU, so only the bundle's shell is rewritten:
 * - each `import … from "k6…"` becomes a `require()` (k6 gives a module the same members either way),
 *   all of them in front of the first line with `"use strict";`, as an ES module's imports are
 *   bound before its first line runs; the import's own line is left empty, so no line moves and
 *   the source map holds;
 * - the `export { … }` list at the end becomes one `module.exports = { … }`: k6 reads a script's
 *   exports once its init is over, so their values then are all it sees.
 * A bundle stays an ES module where that would change what it does: a top-level `await`,
 * `import.meta` or `this`, a top-level `module`, `exports` or `require` of its own, an import of
 * anything but k6's own modules (an extension's `k6/x/…` included), or an export in another form.
 */
export function asCommonJs(code: string): string | undefined {
  if (/\bimport\.meta\b/.test(code)) return undefined;
  const ts = typescript();
  const file = ts.createSourceFile("bundle.js", code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  const edits: { start: number; end: number; text: string }[] = [];
  const requires: string[] = [];
  let exported: string[] | undefined;
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const required = requireFor(statement, file);
      if (required === undefined) return undefined;
      requires.push(required);
      edits.push({ start: statement.getStart(file), end: statement.end, text: "" });
    } else if (ts.isExportDeclaration(statement)) {
      if (exported !== undefined || statement.moduleSpecifier !== undefined || statement.isTypeOnly) return undefined;
      if (statement.exportClause === undefined || !ts.isNamedExports(statement.exportClause)) return undefined;
      exported = statement.exportClause.elements.map((e) => `${JSON.stringify(e.name.text)}: ${(e.propertyName ?? e.name).getText(file)}`);
      edits.push({ start: statement.getStart(file), end: statement.end, text: `module.exports = { ${exported.join(", ")} };` });
    } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword) || ts.isExportAssignment(statement) || ts.isImportEqualsDeclaration(statement)) {
      return undefined;
    } else if (declaresReserved(statement) || needsModule(statement)) {
      return undefined;
    }
  }
  let out = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return `${['"use strict";', ...requires].join(" ")} ${out}`;
}

/** `const … = require("k6/…");` for an import of one of k6's modules, on one line; undefined for any other import. */
function requireFor(statement: ts.ImportDeclaration, file: ts.SourceFile): string | undefined {
  const ts = typescript();
  const from = statement.moduleSpecifier;
  if (!ts.isStringLiteral(from) || !(from.text === "k6" || from.text.startsWith("k6/")) || statement.attributes !== undefined) return undefined;
  // k6 finds the extensions a script needs (k6/x/…) in its static imports, and stops before the run
  // where one is missing; a require() it would meet only once the script runs.
  if (from.text.startsWith("k6/x/")) return undefined;
  const call = `require(${JSON.stringify(from.text)})`;
  const clause = statement.importClause;
  if (clause === undefined) return `${call};`;
  if (clause.isTypeOnly) return undefined;
  const parts: string[] = [];
  if (clause.name !== undefined) parts.push(`const ${clause.name.text} = ${call};`);
  const bindings = clause.namedBindings;
  if (bindings !== undefined && ts.isNamespaceImport(bindings)) {
    parts.push(`const ${bindings.name.text} = ${clause.name?.text ?? call};`);
  } else if (bindings !== undefined) {
    const names = bindings.elements.map((e) => (e.propertyName === undefined ? e.name.text : `${e.propertyName.getText(file)}: ${e.name.text}`));
    parts.push(`const { ${names.join(", ")} } = ${clause.name?.text ?? call};`);
  }
  return parts.join(" ");
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const ts = typescript();
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

/** Names the CommonJS wrapper gives (`module`, `exports`) or k6 gives in init (`require`). */
const RESERVED = new Set(["module", "exports", "require"]);

/** Whether a top-level statement declares one of {@link RESERVED}. */
function declaresReserved(statement: ts.Statement): boolean {
  const ts = typescript();
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) return RESERVED.has(statement.name?.text ?? "");
  if (!ts.isVariableStatement(statement)) return false;
  const names: string[] = [];
  const collect = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collect(element.name);
  };
  for (const declaration of statement.declarationList.declarations) collect(declaration.name);
  return names.some((name) => RESERVED.has(name));
}

/** Whether a top-level statement awaits or reads `this` outside any function: what only an ES module gives. */
function needsModule(node: ts.Node): boolean {
  const ts = typescript();
  if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined)) return true;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isFunctionLike(node) && !ts.isArrowFunction(node)) return false;
  if (ts.isClassLike(node)) return false;
  if (ts.isArrowFunction(node)) return needsThis(node.body);
  return ts.forEachChild(node, needsModule) ?? false;
}

/** Whether an arrow function's body (which takes `this` from where it is written) reads `this` at the top level. */
function needsThis(node: ts.Node): boolean {
  const ts = typescript();
  if (node.kind === ts.SyntaxKind.ThisKeyword) return true;
  if ((ts.isFunctionLike(node) && !ts.isArrowFunction(node)) || ts.isClassLike(node)) return false;
  return ts.forEachChild(node, needsThis) ?? false;
}
