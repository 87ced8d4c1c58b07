/**
 * `*` wildcards (any run of characters, nothing else special) matched without a regular
 * expression: a greedy scan that only ever returns to the last `*`, so a pattern typed on the
 * command line (`--hosts 'a*a*a*a*b'`) costs at most text × pattern steps, never an exponential
 * backtrack.
 */
export function matchesGlob(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      t++;
      p++;
    } else if (p < pattern.length && pattern[p] === '*') {
      starAt = p++;
      resumeAt = t;
    } else if (starAt !== -1) {
      p = starAt + 1;
      t = ++resumeAt;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
