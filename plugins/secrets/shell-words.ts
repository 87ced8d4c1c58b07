/**
 * Kamal prints `secrets fetch` output shell-escaped (Ruby's Shellwords.escape), so that
 * `$(kamal secrets extract KEY $SECRETS)` hands the JSON back as one word. These two functions
 * are that escape and its inverse.
 */

/** Backslash before every character outside `[A-Za-z0-9_\-.,:+/@\n]`; a newline becomes `'\n'`. */
export function shellEscape(text: string): string {
  if (!text) return "''";
  return text.replace(/[^A-Za-z0-9_\-.,:+/@\n]/gu, (c) => `\\${c}`).replace(/\n/g, "'\n'");
}

/** Removes one level of shell quoting: `\x`, '…' and "…" (words are already joined). */
export function shellUnescape(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) out += text[++i];
    else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) return out + text.slice(i + 1);
      out += text.slice(i + 1, close);
      i = close;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && /["\\$`]/.test(text[i + 1] ?? '')) i++;
        out += text[i];
      }
    } else out += c;
  }
  return out;
}
