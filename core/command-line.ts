import { GantryError } from './errors.js';

/**
 * Splits a command line (a role's `cmd:`, an alias) into argv words the way a POSIX shell would (whitespace,
 * 'single' and "double" quotes, backslashes), without expanding anything: `$HOME` reaches the
 * container as written, and is only expanded if the command itself runs a shell.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i];
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) throw new GantryError(`Unbalanced ${quote} quote in command: ${line}`);
  if (inWord) words.push(word);
  return words;
}
