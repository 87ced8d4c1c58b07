/** `graphs`: custom named graphs, each a gantry command. */
import { Type } from 'typebox';
import { Strict, StringList } from './common.js';

export const GraphStepSchema = Strict({
  id: Type.String({ minLength: 1, description: 'Step id, unique in the graph.' }),
  run: Type.Optional(Type.String({ description: 'Shell command run on the selected hosts.' })),
  node: Type.Optional(Type.String({ description: 'A built-in node id, e.g. `app:boot`.' })),
  graph: Type.Optional(Type.String({ description: 'Another named graph, run as one step.' })),
  roles: Type.Optional(StringList('Only hosts of these roles.')),
  hosts: Type.Optional(StringList('Only these hosts.')),
  dependsOn: Type.Optional(StringList('Step ids that must finish first.')),
});

export const GraphSchema = Strict({
  description: Type.Optional(Type.String({ description: 'Shown in `gantry --help`.' })),
  steps: Type.Array(GraphStepSchema, { minItems: 1, description: 'Steps; each has exactly one of run, node or graph.' }),
});

export const GraphsSchema = Type.Record(Type.String(), GraphSchema, { description: 'Custom named graphs.' });
