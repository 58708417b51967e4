// Characters a terminal, a Markdown viewer, a browser or an XML parser would obey instead of showing:
// the one rule every escaping module of this folder starts from.

/** `\n`, `\x1b`, `\u202e`: how a hidden character is shown. */
function shown(code: number): string {
  if (code === 0x0a) return "\\n";
  if (code === 0x0d) return "\\r";
  if (code === 0x09) return "\\t";
  const hex = code.toString(16).padStart(code < 0x100 ? 2 : 4, "0");
  return code < 0x100 ? `\\x${hex}` : `\\u${hex}`;
}

/**
 * Whether a UTF-16 code unit acts rather than shows: C0 controls (line breaks and tabs too), DEL, C1
 * controls (0x9b starts an escape sequence in some terminals), bidirectional marks, embeddings,
 * overrides and isolates (they reorder what is shown), the line and paragraph separators, the byte
 * order mark, the interlinear annotation marks, and U+FFFE and U+FFFF (which XML forbids).
 */
function hidden(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff ||
    code >= 0xfff9 && code <= 0xfffb ||
    code === 0xfffe ||
    code === 0xffff
  );
}

/**
 * Text that did not come from loadgate (a check name, a tag value, a file name) with every character
 * that would act instead of show written out as an escape: `"a\nb"` is shown as `a\nb` on one line,
 * an ANSI escape as `\x1b[2J`, a lone surrogate (which no UTF-8 file can hold) as `\ud800`. Everything
 * else, including every printable character of any script and emoji, is left as it is.
 */
export function visible(text: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    } else if (!(code >= 0xdc00 && code <= 0xdfff) && !hidden(code)) {
      continue;
    }
    out += text.slice(from, i) + shown(code);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
