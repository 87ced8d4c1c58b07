/**
 * The words of a simple shell command — plain words, quotes, backslashes and `$VAR`/`${VAR}` —
 * as `sh` would hand them to the program, or undefined for anything more (pipes, `;`, `&`,
 * redirections, `$(…)`, backticks, globs, other expansions), which then runs in a real shell.
 * Lets a secrets file's `$(kamal secrets extract KEY $SECRETS)` run inside Gantry, so the
 * secrets in `$SECRETS` never become a program's arguments (visible in `ps`).
 */
export function simpleCommandWords(command: string, lookup: (name: string) => string | undefined): string[] | undefined {
  // `NAME=value program …` sets a variable for the program: a real shell's job.
  if (/^\s*[A-Za-z_][A-Za-z0-9_]*=/.test(command)) return undefined;
  const words: string[] = [];
  let word = '';
  // A word exists once it has a quote or a character, even an empty '' (sh keeps it).
  let started = false;
  const finish = () => {
    if (started) words.push(word);
    word = '';
    started = false;
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === ' ' || c === '\t' || c === '\n') finish();
    else if (c === '\\') {
      if (i + 1 >= command.length) return undefined;
      if (command[i + 1] !== '\n') word += command[i + 1];
      started = true;
      i++;
    } else if (c === "'") {
      const close = command.indexOf("'", i + 1);
      if (close === -1) return undefined;
      word += command.slice(i + 1, close);
      started = true;
      i = close;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < command.length && command[j] !== '"'; j++) {
        const d = command[j]!;
        if (d === '`') return undefined;
        if (d === '\\' && /["\\$`\n]/.test(command[j + 1] ?? '')) {
          if (command[j + 1] !== '\n') word += command[j + 1];
          j++;
        } else if (d === '$') {
          const variable = variableAt(command, j);
          if (!variable) return undefined;
          word += lookup(variable.name) ?? '';
          j = variable.end - 1;
        } else word += d;
      }
      if (j >= command.length) return undefined;
      started = true;
      i = j;
    } else if (c === '$') {
      const variable = variableAt(command, i);
      if (!variable) return undefined;
      // Unquoted: the value is split at blanks, and never read again as quotes or expansions.
      // sh would also try its words as file patterns; a JSON word never names a file, so they stay as they are.
      const value = lookup(variable.name) ?? '';
      const parts = value.split(/[ \t\n]+/);
      parts.forEach((part, index) => {
        if (index > 0) finish();
        word += part;
        if (part) started = true;
      });
      i = variable.end - 1;
    } else if (/[|&;<>()`*?[]/.test(c) || ((c === '#' || c === '~') && !started)) return undefined;
    else {
      word += c;
      started = true;
    }
  }
  finish();
  return words;
}

/** `$NAME` or `${NAME}` at `at`; undefined for `$(`, `$1`, `${X:-d}` and the like. */
function variableAt(text: string, at: number): { name: string; end: number } | undefined {
  const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(text.slice(at));
  if (braced) return { name: braced[1]!, end: at + braced[0].length };
  const plain = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(at));
  return plain ? { name: plain[1]!, end: at + plain[0].length } : undefined;
}
