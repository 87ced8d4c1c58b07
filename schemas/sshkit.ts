/** `sshkit`: connection pool tuning (the name is Kamal's). */
import { Type } from 'typebox';
import { Strict } from './common.js';

export const SshkitSchema = Strict(
  {
    max_concurrent_starts: Type.Optional(
      Type.Integer({ minimum: 1, default: 30, description: 'SSH connections opened at the same time, at most.' }),
    ),
    pool_idle_timeout: Type.Optional(
      Type.Integer({ minimum: 0, default: 900, description: 'Seconds an idle connection stays open.' }),
    ),
    dns_retries: Type.Optional(
      Type.Integer({ minimum: 0, default: 3, description: 'Retries when a host name fails to resolve.' }),
    ),
  },
  { default: {}, description: 'SSH connection pool settings.' },
);
