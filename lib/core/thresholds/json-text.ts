import { JsonSyntaxError } from "../errors.ts";
/** A failure at `at` (an offset into the text). */
class Stop {
  readonly at: number;
  readonly reason: string;
  constructor(at: number, reason: string) {
    this.at = at;
    this.reason = reason;
  }
}

/**
 * Finds the first syntax error of a JSON text: its offset and what was expected there.
 * Engines word JSON.parse errors differently (V8 gives an offset, k6's engine often none),
 * so loadgate locates the error itself to report the same line and column everywhere.
 */
function locateJsonError(text: string): Stop | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const found = () => (i >= text.length ? "the end of the file" : JSON.stringify(text[i]));
  const fail = (expected: string): never => {
    throw new Stop(i, `expected ${expected}, found ${found()}`);
  };
  const string = () => {
    if (text[i] !== '"') fail('a string in double quotes');
    i++;
    for (;;) {
      if (i >= text.length) throw new Stop(i, "unterminated string");
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) throw new Stop(i, "control character in a string (write it as an escape such as \\n)");
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === "u") {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 1, i + 5))) throw new Stop(i, "\\u must be followed by 4 hex digits");
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else throw new Stop(i, `invalid escape \\${e ?? ""}`);
      } else i++;
    }
  };
  const number = () => {
    const match = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    match.lastIndex = i;
    const m = match.exec(text);
    if (!m || m[0] === "-") fail("a value");
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a property name in double quotes');
        string();
        ws();
        if (text[i] !== ":") fail('":" after the property name');
        i++;
        value();
        ws();
        if (text[i] === ",") {
          i++;
          ws();
          if (text[i] === "}") fail('a property name after "," (trailing commas are not JSON)');
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail('"," or "}" after a property value');
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ",") {
          i++;
          ws();
          if (text[i] === "]") fail('a value after "," (trailing commas are not JSON)');
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail('"," or "]" after an array element');
      }
    }
    if (c === '"') return string();
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return number();
    fail("a value");
  };
  try {
    value();
    ws();
    if (i < text.length) fail("the end of the file after the top-level value");
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return error;
    throw error;
  }
}

/** 1-based line and column of an offset. */
function lineColumn(text: string, at: number): { line: number; column: number } {
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  return { line, column: at - before.lastIndexOf("\n") };
}

/**
 * Parses a JSON text; a syntax error becomes a {@link JsonSyntaxError} naming the file, line and column.
 * @example parseJsonText('{"gates": {"p95": 500,}}', "team.json") // throws: team.json:1:23: invalid JSON: ...
 */
export function parseJsonText(text: string, file: string): unknown {
  // A UTF-8 byte order mark is not JSON but editors write it; skip it like most tools do.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const stop = locateJsonError(body) ?? new Stop(0, (error as Error).message);
    const { line, column } = lineColumn(body, stop.at);
    throw new JsonSyntaxError(file, line, column, stop.reason);
  }
}
