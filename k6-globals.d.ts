// Globals k6 gives every script that @types/k6 leaves out (it declares `open`, `__ENV`, `__VU` and
// `__ITER`): `console` and the timers (internal/js/modules/k6/timers, global since k6 v0.50). Declared
// as TypeScript's DOM and Node typings declare them, so a project that has those too still
// type-checks. `loadgate build` adds this file to every type-check; `loadgate init`'s tsconfig.json
// includes it for editors.
interface Console {
  log(...data: any[]): void;
  info(...data: any[]): void;
  warn(...data: any[]): void;
  error(...data: any[]): void;
  debug(...data: any[]): void;
}
declare var console: Console;
declare function setTimeout(callback: (...args: any[]) => void, delay?: number, ...args: any[]): any;
declare function clearTimeout(id?: any): void;
declare function setInterval(callback: (...args: any[]) => void, delay?: number, ...args: any[]): any;
declare function clearInterval(id?: any): void;
