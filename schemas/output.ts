/** `output`: where command output is also written. */
import { Type } from 'typebox';
import { Strict } from './common.js';

export const OutputSchema = Strict(
  {
    file: Type.Optional(
      Strict({ path: Type.String({ description: 'Directory for one log file per command.' }) }, { description: 'Log files.' }),
    ),
    otel: Type.Optional(
      Strict(
        { endpoint: Type.String({ description: 'OTLP/HTTP base URL; logs go to `<endpoint>/v1/logs`.' }) },
        { description: 'OpenTelemetry log shipping.' },
      ),
    ),
  },
  { description: 'Extra output destinations.' },
);
