/** `boot`: rolling boots in groups. */
import { Type } from 'typebox';
import { Seconds, Strict } from './common.js';

export const BootSchema = Strict(
  {
    limit: Type.Optional(
      Type.Union(
        [
          Type.Integer({ minimum: 1 }),
          Type.String({ pattern: '^[0-9]+%$', errorMessage: 'expected a number of hosts or a percentage like "25%"' }),
        ],
        { description: 'Hosts booted at once: a number, or a percentage of the hosts like "25%".' },
      ),
    ),
    wait: Type.Optional(Seconds('Seconds to wait between groups.')),
    parallel_roles: Type.Optional(Type.Boolean({ description: 'Boot the roles of one host in parallel.' })),
    barrier: Type.Optional(
      Type.Union([Type.Literal('start'), Type.Literal('switch')], {
        description:
          'What non-primary roles wait for until a primary-role container is healthy: `start` (default, as Kamal) holds their new containers back; `switch` starts them at once and holds back only the stop of their old containers.',
      }),
    ),
    on_failure: Type.Optional(
      Type.Union([Type.Literal('rollback'), Type.Literal('keep')], {
        description:
          'When a boot fails: `rollback` (default) returns hosts that already switched to the version they ran; `keep` leaves them on the new version, as Kamal does.',
      }),
    ),
  },
  { description: 'Rolling boot settings.' },
);
