/**
 * YAML 1.1 as Kamal's Psych reads it: `10_000_000` and `0x1F` are integers, `1:30` is 90, and
 * booleans are yes/true/on and no/false/off in any case (Psych's rule; `y`/`n` stay strings,
 * unlike the plain YAML 1.1 schema); a float needs a dot (`1e3` and a lone `.` are strings).
 * Timestamps stay strings: the config only wants text there. Known differences left: Psych reads
 * `1,000` as 1000 and `1:30` as 5400.
 */
import { Scalar, type ParseOptions, type DocumentOptions, type SchemaOptions, type ScalarTag, type Tags } from 'yaml';

const BOOL = 'tag:yaml.org,2002:bool';
const FLOAT = 'tag:yaml.org,2002:float';

const psychBool = (value: boolean, test: RegExp): ScalarTag => ({
  identify: (v) => v === value,
  default: true,
  tag: BOOL,
  test,
  resolve: () => new Scalar(value),
});

/** Psych's floats have a dot: `1e3` stays a string, and a lone `.` (`context: .`) is a string too. */
function psychFloat(tag: ScalarTag): ScalarTag {
  if (tag.tag !== FLOAT || !tag.test) return tag;
  return { ...tag, test: new RegExp(`^(?![-+]?\\.$)(?=.*\\.)(?:${tag.test.source})`) };
}

function psychTags(tags: Tags): Tags {
  const kept = tags.filter((tag) => typeof tag === 'string' || (tag.tag !== BOOL && tag.tag !== 'tag:yaml.org,2002:timestamp'));
  return [psychBool(true, /^(?:yes|true|on)$/i), psychBool(false, /^(?:no|false|off)$/i), ...kept.map((tag) => (typeof tag === 'string' ? tag : psychFloat(tag as ScalarTag)))];
}

export const PSYCH_YAML: ParseOptions & DocumentOptions & SchemaOptions = { version: '1.1', customTags: psychTags };
