/** The pre-init hook runs before the config is read, and may write the secrets file. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { runPreInit } from '../../../core/config/pre-init.js';
import { createSecrets } from '../../../core/config/secrets.js';
import { tempProject } from './temp-project.js';

const HOOK = `#!/bin/sh
echo "writing secrets"
printf 'FROM_HOOK=%s/%s/%s/%s\\n' "$KAMAL_DESTINATION" "$GANTRY_COMMAND" "$KAMAL_SUBCOMMAND" "$(test -n "$KAMAL_PERFORMER" && echo performer)" > .kamal/secrets.staging
`;

test('.kamal/hooks/pre-init runs in the project folder with what is known, before secrets are read', () => {
  const root = tempProject({ 'config/deploy.yml': 'service: app\n', '.kamal/hooks/pre-init': HOOK });
  chmodSync(join(root, '.kamal/hooks/pre-init'), 0o755);
  runPreInit({ cwd: join(root, 'config'), configFile: 'deploy.yml', destination: 'staging', command: ['app', 'boot'], env: { PATH: process.env.PATH } });
  const secrets = createSecrets({ root, secretsPath: '.kamal/secrets', destination: 'staging', env: {} });
  assert.is(secrets.get('FROM_HOOK'), 'staging/app/boot/performer');
});

test('a failing pre-init hook stops the command; no hook is no-op', () => {
  const root = tempProject({ '.gantry/hooks/pre-init': '#!/bin/sh\nexit 4\n' });
  chmodSync(join(root, '.gantry/hooks/pre-init'), 0o755);
  assert.throws(() => runPreInit({ cwd: root, command: ['deploy'], env: { PATH: process.env.PATH } }), (e: Error) => e.message === `pre-init hook ${join(root, '.gantry/hooks/pre-init')} failed (exit 4)`);
  runPreInit({ cwd: tempProject({}), command: ['deploy'], env: {} });
});

test.run();
