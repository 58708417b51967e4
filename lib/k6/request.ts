// The request every ready script sends, configured by the same -e variables everywhere.
import http, { type RefinedParams, type RefinedResponse, type ResponseType } from "k6/http";
import { check } from "k6";
import { envChoice, envDuration, envString, envUrl, type EnvVars } from "../core/vocabulary/env.ts";
import { BATCH_SIZE_ENV } from "../core/scenarios/batches.ts";

/** What the ready scripts send: one HTTP request, built from -e variables by {@link targetFromEnv}. */
export interface Target {
  method: string;
  url: string;
  body: string | null;
  params: RefinedParams<ResponseType>;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] as const;

/**
 * The request of the ready scripts, from -e variables: BASE_URL (required), ENDPOINT ("/search"),
 * METHOD ("POST"), BODY (a JSON search query) and TIMEOUT ("10s").
 * @example const target = targetFromEnv(__ENV);
 */
export function targetFromEnv(vars: EnvVars): Target {
  const base = envUrl(vars, "BASE_URL");
  const method = envChoice(vars, "METHOD", METHODS, "POST");
  const body = envString(vars, "BODY", JSON.stringify({ query: "how do I reset my password?" }));
  return {
    method,
    url: `${base}${envString(vars, "ENDPOINT", "/search")}`,
    body: method === "GET" || method === "HEAD" ? null : body,
    params: { headers: { "Content-Type": "application/json" }, timeout: envDuration(vars, "TIMEOUT", "10s") },
  };
}

const is2xx = { "status is 2xx": (r: { status: number }) => r.status >= 200 && r.status < 300 };

/**
 * One iteration: sends the target request and checks for a 2xx answer; when the scenario's env
 * sets {@link BATCH_SIZE_ENV} (see `batches()`), sends that many at once with `http.batch`.
 * Returns the responses, e.g. for phase recording.
 * @example export default function () { exercise(target); }
 */
export function exercise(target: Target, vars: EnvVars = __ENV): RefinedResponse<ResponseType>[] {
  const size = Number(vars[BATCH_SIZE_ENV] ?? "1");
  const responses =
    size > 1
      ? http.batch(Array.from({ length: size }, () => ({ method: target.method, url: target.url, body: target.body, params: target.params })))
      : [http.request(target.method, target.url, target.body, target.params)];
  for (const res of responses) check(res, is2xx);
  return responses;
}
