/**
 * The parts of an ajv `ErrorObject` loadgate reads, from ajv in Node and its standalone code in k6
 * alike; both run with `verbose: true`, which adds the failing subschema (`parentSchema`).
 */
export interface SchemaErrorObject {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: unknown;
}

type SchemaNode = Record<string, unknown>;

function decodePointer(pointer: string): string[] {
  if (pointer === "" || pointer === "#") return [];
  return pointer
    .replace(/^#/, "")
    .split("/")
    .slice(1)
    .map((part) => decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The value at a JSON pointer (`/gates/p95`), or `undefined`. */
export function valueAt(data: unknown, pointer: string): unknown {
  let node: unknown = data;
  for (const part of decodePointer(pointer)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Escapes one key for a JSON pointer. */
export function pointerPart(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** What a (sub)schema accepts, in words: its `x-expected` annotation, else derived from type and bounds. */
export function expectedBy(schema: SchemaNode | undefined): string {
  if (schema === undefined) return "a valid value";
  if (typeof schema["x-expected"] === "string") return schema["x-expected"];
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === "string" ? [schema.type] : [];
  const nouns: Record<string, string> = {
    integer: "an integer",
    number: "a number",
    string: "a string",
    boolean: "true or false",
    object: "an object",
    array: "an array",
    null: "null",
  };
  let text = types.length > 0 ? types.map((t) => nouns[t] ?? t).join(" or ") : "a value";
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, minItems } = schema;
  if (typeof minimum === "number" && typeof maximum === "number") text += ` from ${minimum} to ${maximum}`;
  else {
    if (typeof exclusiveMinimum === "number") text += ` > ${exclusiveMinimum}`;
    if (typeof minimum === "number") text += ` >= ${minimum}`;
    if (typeof exclusiveMaximum === "number") text += ` < ${exclusiveMaximum}`;
    if (typeof maximum === "number") text += ` <= ${maximum}`;
  }
  if (typeof minItems === "number") text += ` with at least ${plural(minItems, "item")}`;
  return text;
}

function parentSchema(error: SchemaErrorObject): SchemaNode | undefined {
  const node = error.parentSchema;
  return node !== null && typeof node === "object" ? (node as SchemaNode) : undefined;
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * One line per schema error: `file: /gates/p95 must be a number of milliseconds > 0, got 0`.
 * Keyword errors that only repeat another (e.g. `propertyNames` after its `pattern`) are dropped.
 */
export function formatSchemaErrors(
  errors: readonly SchemaErrorObject[],
  context: { file: string; data: unknown },
): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const parent = parentSchema(error);
    const path = error.instancePath === "" ? "/" : error.instancePath;
    let line: string;
    if (error.keyword === "additionalProperties") {
      const key = String(error.params.additionalProperty);
      const at = `${error.instancePath}/${pointerPart(key)}`;
      const keys = typeof parent?.["x-keys"] === "string" ? parent["x-keys"] : Object.keys((parent?.properties as SchemaNode | undefined) ?? {}).join(", ");
      line = `${at}: unknown key ${JSON.stringify(key)}; ${path} takes ${keys}`;
    } else if (error.keyword === "required") {
      const key = String(error.params.missingProperty);
      line = `${error.instancePath}/${pointerPart(key)} is required, got nothing`;
    } else {
      line = `${path} must be ${expectedBy(parent)}, got ${show(valueAt(context.data, error.instancePath))}`;
    }
    const full = `${context.file}: ${line}`;
    if (!lines.includes(full)) lines.push(full);
  }
  return lines;
}
