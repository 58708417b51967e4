import { describe, expect, it } from "vitest";
import { envChoice, envDuration, envInt, envList, envUrl } from "../../../../lib/core/vocabulary/env.ts";

describe("-e variable readers", () => {
  it("requires BASE_URL and names it", () => {
    expect(() => envUrl({}, "BASE_URL")).toThrow(
      new TypeError(
        "-e BASE_URL is required: the http(s) URL of the service under test, e.g. -e BASE_URL=http://127.0.0.1:8080",
      ),
    );
  });

  it.each(["127.0.0.1:8080", "ftp://x", "http://", "http://a b", "not a url"])("rejects the malformed URL %j", (value) => {
    expect(() => envUrl({ BASE_URL: value }, "BASE_URL")).toThrow(
      new TypeError(`-e BASE_URL: must be an http:// or https:// URL such as http://127.0.0.1:8080, got ${JSON.stringify(value)}`),
    );
  });

  it("accepts http(s) URLs and drops a trailing slash", () => {
    expect(envUrl({ BASE_URL: "http://127.0.0.1:8080/" }, "BASE_URL")).toBe("http://127.0.0.1:8080");
    expect(envUrl({ BASE_URL: "https://api.example.com/v1" }, "BASE_URL")).toBe("https://api.example.com/v1");
    expect(envUrl({ BASE_URL: "http://[::1]:80" }, "BASE_URL")).toBe("http://[::1]:80");
  });

  it("reads counts, durations and choices with defaults", () => {
    expect(envInt({}, "VUS", 10)).toBe(10);
    expect(envInt({ VUS: "4" }, "VUS", 10)).toBe(4);
    expect(() => envInt({ VUS: "ten" }, "VUS", 10)).toThrow(new TypeError('-e VUS: must be a whole number >= 1, got "ten"'));
    expect(() => envInt({ VUS: "0" }, "VUS", 10)).toThrow(new TypeError('-e VUS: must be a whole number >= 1, got "0"'));
    expect(envDuration({ TIMEOUT: "2s" }, "TIMEOUT", "10s")).toBe("2s");
    expect(() => envDuration({ TIMEOUT: "soon" }, "TIMEOUT", "10s")).toThrow(
      new TypeError('-e TIMEOUT: must be a k6 duration such as "500ms", "30s" or "1m30s", got "soon"'),
    );
    expect(() => envChoice({ METHOD: "FETCH" }, "METHOD", ["GET", "POST"], "POST")).toThrow(
      new TypeError('-e METHOD: must be one of GET, POST, got "FETCH"'),
    );
  });

  it("reads comma-separated lists of whole numbers or names, trimmed, with defaults", () => {
    expect(envList({}, "LEVELS", [1, 5, 10, 20])).toEqual([1, 5, 10, 20]);
    expect(envList({ LEVELS: " 2, 8 ,16 " }, "LEVELS", [1, 5])).toEqual([2, 8, 16]);
    expect(envList({ PHASES: "" }, "PHASES", ["embedding", "fusion"])).toEqual(["embedding", "fusion"]);
    expect(envList({ PHASES: "retrieval , rerank" }, "PHASES", ["embedding", "fusion"])).toEqual(["retrieval", "rerank"]);
  });

  it.each([
    ["LEVELS", "1;5", [1, 5, 10, 20], "whole numbers such as 1,5,10,20"],
    ["LEVELS", "1,,5", [1, 5, 10, 20], "whole numbers such as 1,5,10,20"],
    ["LEVELS", "1,5,", [1, 5, 10, 20], "whole numbers such as 1,5,10,20"],
    ["LEVELS", "1,2.5", [1, 5, 10, 20], "whole numbers such as 1,5,10,20"],
    ["LEVELS", "-1,5", [1, 5, 10, 20], "whole numbers such as 1,5,10,20"],
    ["PHASES", "embedding,,fusion", ["embedding", "fusion"], "names such as embedding,fusion"],
    ["PHASES", ",", ["embedding", "fusion"], "names such as embedding,fusion"],
  ])("refuses -e %s=%j, naming the rule and the value", (name, value, fallback, rule) => {
    const read = () => (typeof fallback[0] === "number" ? envList({ [name]: value }, name, fallback as number[]) : envList({ [name]: value }, name, fallback as string[]));
    expect(read).toThrow(new TypeError(`-e ${name}: must be a comma-separated list of ${rule}, got ${JSON.stringify(value)}`));
  });
});
