/**
 * Redaction: every form a secret value takes on its way to a log line, replaced whole.
 * A value reaches output raw, inside a shell-quoted word (`'it'\''s'`), backslash-escaped for
 * double quotes, escaped inside JSON, base64-encoded (registry auth, lock details) or
 * URL-encoded. Matches stand on token boundaries: `abc123` is redacted in `KEY=abc123` but
 * not inside `xabc123y`, so short secrets do not cut ordinary words apart.
 */
export const REDACTED = '[REDACTED]';

/** Values shorter than this are not redacted: they would blank out ordinary words. */
export const MIN_REDACTED_LENGTH = 3;

/** One escaping layer a value can pass through on its way out. */
const ESCAPES: ((text: string) => string)[] = [
  (text) => text.replaceAll("'", `'\\''`), // inside a single-quoted shell word
  (text) => text.replace(/["\\$`]/g, '\\$&'), // inside a double-quoted shell word
  (text) => JSON.stringify(text).slice(1, -1),
  encodeURIComponent,
];

/** The forms of `value` that can appear in output: itself, up to two escaping layers, base64. */
export function secretForms(value: string): string[] {
  const once = ESCAPES.map((escape) => escape(value));
  const twice = once.flatMap((inner) => ESCAPES.map((escape) => escape(inner)));
  const base64 = Buffer.from(value).toString('base64');
  return [...new Set([value, ...once, ...twice, base64, base64.replace(/=+$/, ''), Buffer.from(value).toString('base64url')])];
}

const WORD = /[A-Za-z0-9_]/;
const isWord = (char: string | undefined): boolean => char !== undefined && WORD.test(char);

/** `text` with every form of every value (of MIN_REDACTED_LENGTH or more) replaced by REDACTED. */
export function redactValues(text: string, values: Iterable<string>): string {
  return redactForms(text, redactedForms(values));
}

/** Every form of every value worth redacting, longest first (so a secret containing another is replaced whole). */
export function redactedForms(values: Iterable<string>): string[] {
  const forms = new Set<string>();
  for (const value of values) if (value.length >= MIN_REDACTED_LENGTH) for (const form of secretForms(value)) forms.add(form);
  return [...forms].sort((a, b) => b.length - a.length);
}

/** `text` with the forms (from redactedForms) replaced; computing the forms once is what a run's many lines need. */
export function redactForms(text: string, forms: readonly string[]): string {
  let out = text;
  // Indexed: this runs for every line and command of a run.
  for (let f = 0; f < forms.length; f++) out = replaceWhole(out, forms[f]!);
  return out;
}

/** Replaces the occurrences of `form` that do not continue a word on either side. */
function replaceWhole(text: string, form: string): string {
  let index = text.indexOf(form);
  if (index === -1) return text;
  const wordStart = isWord(form[0]);
  const wordEnd = isWord(form[form.length - 1]);
  let out = '';
  let copied = 0;
  while (index !== -1) {
    const end = index + form.length;
    const glued = (wordStart && isWord(text[index - 1])) || (wordEnd && isWord(text[end]));
    if (glued) {
      index = text.indexOf(form, index + 1);
      continue;
    }
    out += text.slice(copied, index) + REDACTED;
    copied = end;
    index = text.indexOf(form, end);
  }
  return out + text.slice(copied);
}
