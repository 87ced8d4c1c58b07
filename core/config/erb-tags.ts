/** ERB tags as Ruby's ERB (trim mode `-`) reads them, and which ones sit in a YAML comment. */

/** `<%%` escape · `<%-` left trim · `=` output · body · `-%>` right trim. */
export const TAG = /<%(%)?(-)?(=)?([\s\S]*?)(-?)%>/g;

/**
 * Whether the tag starting at `index` is inside a YAML comment (a `#` starting the line, or
 * after a blank outside quotes). Such tags are left as written: ERB in comments never blocks loading.
 */
export function inYamlComment(template: string, index: number): boolean {
  const lineStart = template.lastIndexOf('\n', index - 1) + 1;
  const prefix = template.slice(lineStart, index);
  let quote = '';
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(prefix[i - 1]!))) return true;
  }
  return false;
}

/** `<%-` removes the indentation before the tag when only blanks precede it on its line. */
export function trimIndentBefore(template: string, tagStart: number, floor: number): number {
  let i = tagStart;
  while (i > floor && (template[i - 1] === ' ' || template[i - 1] === '\t')) i--;
  return i === 0 || template[i - 1] === '\n' ? i : tagStart;
}
