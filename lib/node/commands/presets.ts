import { compilePresetRef, flattenPresetRef, loadPreset, shippedPresetIds, validatePresetFile } from "../preset-files.ts";
import { parse, type Command } from "./shared.ts";
import { PresetError, UsageError } from "../../core/errors.ts";
import { terminalLines, terminalText } from "../../core/escape/terminal.ts";

const USAGE = `usage: loadgate presets <subcommand>
  list                          the shipped presets, with what each is for
  show <id|file> [--compiled]   a preset with its extends merged; --compiled: the k6 thresholds and summaryTrendStats
  validate <files...>           check preset files (JSON, schema, extends, k6 threshold grammar); exit 1 on any problem`;

function list(): number {
  const ids = shippedPresetIds();
  const width = Math.max(...ids.map((id) => id.length));
  for (const id of ids) {
    const { preset } = loadPreset(id);
    const base = preset.extends === undefined ? "" : `  (extends ${[preset.extends].flat().join(", ")})`;
    console.log(`${id.padEnd(width)}  ${preset.description ?? ""}${base}`);
  }
  return 0;
}

function show(refs: string[], compiled: boolean): number {
  if (refs.length !== 1) throw new UsageError(`loadgate presets show: give one preset id or file, got ${refs.length}\n${USAGE}`);
  const ref = refs[0] as string;
  try {
    const out = compiled ? compilePresetRef(ref) : flattenPresetRef(ref);
    console.log(JSON.stringify(out, null, 2));
    return 0;
  } catch (error) {
    if (!(error instanceof PresetError)) throw error;
    console.error(terminalLines(error.message));
    return 1;
  }
}

function validate(files: string[]): number {
  if (files.length === 0) throw new UsageError(`loadgate presets validate: give at least one preset file\n${USAGE}`);
  let invalid = 0;
  for (const file of files) {
    const problems = validatePresetFile(file);
    if (problems.length === 0) console.log(`ok  ${terminalText(file)}`);
    else {
      invalid++;
      for (const line of problems) console.error(terminalText(line));
    }
  }
  if (invalid > 0) console.error(`${invalid} of ${files.length} preset file${files.length === 1 ? "" : "s"} invalid`);
  return invalid > 0 ? 1 : 0;
}

/** `loadgate presets list | show | validate`: the shipped presets, one merged or compiled, files checked. */
export const presets: Command = {
  name: "presets",
  summary: "list, show and validate threshold presets",
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parse(this, args, { compiled: { type: "boolean" } });
    const [sub, ...rest] = positionals;
    if (values.compiled && sub !== "show") throw new UsageError(`loadgate presets: --compiled belongs to show\n${USAGE}`);
    switch (sub) {
      case "list":
        if (rest.length > 0) throw new UsageError(`loadgate presets list takes no arguments, got ${rest.join(" ")}\n${USAGE}`);
        return list();
      case "show":
        return show(rest, values.compiled ?? false);
      case "validate":
        return validate(rest);
      default:
        throw new UsageError(`loadgate presets: ${sub === undefined ? "missing subcommand" : `unknown subcommand ${JSON.stringify(sub)}`}\n${USAGE}`);
    }
  },
};
