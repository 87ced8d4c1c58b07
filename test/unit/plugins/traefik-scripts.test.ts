// The Traefik driver's shell scripts, run by the local sh against a fake `docker` (Traefik itself
// is not installable here): the cord cut and the two waits on Traefik's API.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Command } from '../../../core/transport/types.js';
import { cutCord, NO_CORD, tieCord } from '../../../plugins/proxy/traefik/cord.js';
import { WAIT_EXIT, waitRouted, waitUnrouted } from '../../../plugins/proxy/traefik/waits.js';

/**
 * A fake docker: `inspect` answers the cord source, the address (172.18.0.5) or the next health
 * status; `exec` (Traefik's API) the next API body. The last line of a list repeats.
 */
function withDocker(answers: { health?: string[]; api?: string[]; source?: (dir: string) => string }, run: (dir: string, exec: (cmd: Command) => { code: number | null; out: string }) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-traefik-'));
  try {
    writeFileSync(join(dir, 'health'), `${(answers.health ?? ['healthy']).join('\n')}\n`);
    writeFileSync(join(dir, 'api'), `${(answers.api ?? ['']).join('\n')}\n`);
    const next = (file: string) => `s=$(head -1 "${dir}/${file}"); [ "$(wc -l < "${dir}/${file}")" -gt 1 ] && sed -i 1d "${dir}/${file}"; printf '%s\\n' "$s"`;
    writeFileSync(
      join(dir, 'docker'),
      `#!/bin/sh\ncase "$1 $3" in\n` +
        `  *Mounts*) echo '${answers.source?.(dir) ?? ''}' ;;\n` +
        `  *IPAddress*) echo 172.18.0.5 ;;\n` +
        `  inspect*) ${next('health')} ;;\n` +
        `  exec*) [ "$2 $3 $7" = "gantry-traefik wget http://127.0.0.1:8080/api/http/services/app-web@docker" ] || exit 9; ${next('api')} ;;\n` +
        `esac\n`,
    );
    chmodSync(join(dir, 'docker'), 0o755);
    run(dir, (cmd) => {
      const result = spawnSync(cmd[0] as string, cmd.slice(1) as string[], { cwd: dir, env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, encoding: 'utf8' });
      return { code: result.status, out: result.stdout.trim() };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ROUTED = '{"loadBalancer":{"servers":[{"url":"http://172.18.0.4:3000"},{"url":"http://172.18.0.5:3000"}]}}';
const OTHER = '{"loadBalancer":{"servers":[{"url":"http://172.18.0.4:3000"}]}}';
const wait = { container: 'app-web-v2', service: 'app-web', appPort: 3000, intervalSeconds: 0.01 };

test('cut: removes the cord directory under the root (relative to the login directory)', () => {
  withDocker({ source: (dir) => join(dir, 'apps/app/cords/app-web/app-web-v1-abc') }, (dir, exec) => {
    const cord = join(dir, 'apps/app/cords/app-web/app-web-v1-abc');
    mkdirSync(cord, { recursive: true });
    writeFileSync(join(cord, 'cord'), '');
    assert.is(exec(cutCord('app-web-v1', 'apps/app/cords')).code, 0);
    assert.not.ok(existsSync(cord));
    assert.ok(existsSync(join(dir, 'apps/app/cords/app-web')));
  });
});

test('cut: a container without a cord under the root is left alone (exit NO_CORD)', () => {
  withDocker({ source: () => '/etc' }, (dir, exec) => {
    const result = exec(cutCord('app-web-v1', join(dir, 'cords')));
    assert.is(result.code, NO_CORD);
    assert.match(result.out, 'app-web-v1 has no cord under');
    assert.ok(existsSync('/etc'));
  });
  withDocker({ source: () => '' }, (dir, exec) => assert.is(exec(cutCord('app-web-v1', join(dir, 'cords'))).code, NO_CORD));
});

test('tie: lays the cord file again in a cut (recreated or missing) directory under the root, never elsewhere', () => {
  withDocker({ source: (dir) => join(dir, 'apps/app/cords/app-web/app-web-v1-abc') }, (dir, exec) => {
    assert.is(exec(tieCord('app-web-v1', 'apps/app/cords')).code, 0);
    assert.ok(existsSync(join(dir, 'apps/app/cords/app-web/app-web-v1-abc/cord')));
  });
  withDocker({ source: () => '/etc' }, (dir, exec) => assert.is(exec(tieCord('app-web-v1', join(dir, 'cords'))).code, NO_CORD));
});

test('routed: waits through starting and healthy-but-not-listed, until the API lists the container', () => {
  withDocker({ health: ['starting', 'healthy'], api: [OTHER, OTHER, ROUTED] }, (_dir, exec) => {
    assert.equal(exec(waitRouted({ ...wait, timeoutSeconds: 5 })), { code: WAIT_EXIT.done, out: 'routed' });
  });
});

test('routed: unhealthy fails at once; never listed times out', () => {
  withDocker({ health: ['starting', 'unhealthy'] }, (_dir, exec) => {
    assert.equal(exec(waitRouted({ ...wait, timeoutSeconds: 5 })), { code: WAIT_EXIT.failed, out: 'unhealthy' });
  });
  withDocker({ health: ['healthy'], api: [OTHER] }, (_dir, exec) => {
    assert.equal(exec(waitRouted({ ...wait, timeoutSeconds: 0 })), { code: WAIT_EXIT.timeout, out: 'healthy, not routed by Traefik yet' });
  });
});

test('unrouted: until the API no longer lists the container; at most the drain timeout', () => {
  withDocker({ api: [ROUTED, ROUTED, OTHER] }, (_dir, exec) => {
    assert.equal(exec(waitUnrouted({ ...wait, timeoutSeconds: 5 })), { code: WAIT_EXIT.done, out: 'unrouted' });
  });
  withDocker({ api: [ROUTED] }, (_dir, exec) => {
    assert.equal(exec(waitUnrouted({ ...wait, timeoutSeconds: 0 })), { code: WAIT_EXIT.timeout, out: 'still routed' });
  });
});

test.run();
