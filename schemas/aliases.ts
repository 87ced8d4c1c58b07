/** `aliases`: named shortcuts for gantry command lines. */
import { Type } from 'typebox';

export const AliasesSchema = Type.Record(
  Type.String(),
  Type.String({ minLength: 1, description: 'The gantry command line the alias stands for.' }),
  { description: 'Command aliases: `gantry <name>` runs the command line (names use a-z, 0-9, _ and -).' },
);
