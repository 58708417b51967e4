import { describe, expect, it } from "vitest";
import { envChoice, envDuration, envInt, envUrl } from "../../../../lib/core/vocabulary/env.ts";

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
});
