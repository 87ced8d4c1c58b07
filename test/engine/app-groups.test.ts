import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appPlugin } from '../../plugins/app/index.js';
import { hooksPlugin } from '../../plugins/hooks/index.js';
import { runEngine } from '../support/engine.js';

function hooksDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-app-hooks-'));
  for (const name of ['pre-app-boot', 'post-app-boot']) {
    writeFileSync(join(dir, name), '#!/bin/sh\n');
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

/** The log as short lines: hooks with their HOSTS, docker run + health wait (one round trip) per host. */
function story(calls: { host: string; command: string; env?: Record<string, string> }[]): string[] {
  return calls.flatMap((c) => {
    if (c.host === 'localhost') return [`${c.command.split('/').pop()} ${c.env?.KAMAL_HOSTS}`];
    if (c.command.includes('gantry-run-healthy')) return [`run+health ${c.host}`];
    return [];
  });
}

test('boot.limit 1: hosts boot one group after another, primary-role hosts first, hooks around each group', async () => {
  const dir = hooksDir();
  try {
    const { result, fake } = await runEngine({
      plugins: [hooksPlugin, appPlugin],
      config: { servers: { job: ['h3'], web: ['h1', 'h2'] }, boot: { limit: 1 }, hooks_path: dir },
      graph: 'deploy',
      script: (fake) => fake.respond('gantry-run-healthy', { stdout: 'healthy' }, { delayMs: 20 }),
    });
    assert.ok(result.ok, result.failures.map((f) => f.error?.message).join('\n'));
    assert.equal(story(fake.calls), [
      'pre-app-boot h1',
      'run+health h1',
      'post-app-boot h1',
      'pre-app-boot h2',
      'run+health h2',
      'post-app-boot h2',
      'pre-app-boot h3',
      'run+health h3',
      'post-app-boot h3',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without boot.limit all hosts boot together, hooks once around the whole boot', async () => {
  const dir = hooksDir();
  try {
    const { result, fake } = await runEngine({
      plugins: [hooksPlugin, appPlugin],
      config: { servers: { web: ['h1', 'h2'] }, hooks_path: dir },
      graph: 'deploy',
      script: (fake) => fake.respond('gantry-run-healthy', { stdout: 'healthy' }, { delayMs: 20 }),
    });
    assert.ok(result.ok);
    const lines = story(fake.calls);
    assert.equal(lines[0], 'pre-app-boot h1,h2');
    assert.equal(lines.at(-1), 'post-app-boot h1,h2');
    // Both sent before either answered (each answer takes 20 ms).
    assert.equal(lines.slice(1, 3).sort(), ['run+health h1', 'run+health h2']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed group stops the later groups; their hosts are not booted', async () => {
  const { result, fake } = await runEngine({
    plugins: [appPlugin],
    config: { servers: { web: ['h1', 'h2'] }, boot: { limit: 1 } },
    graph: 'deploy',
    script: (fake) => fake.respond('gantry-run-healthy', { code: 1, stdout: 'unhealthy' }),
  });
  assert.equal(result.exitCode, 1);
  assert.not.ok(fake.commandsFor('h2').some((c) => c.includes('docker run')));
  // Group 2 is a node after group 1: it never starts.
  assert.equal(result.failures.map((f) => f.key), ['app:boot-1@h1']);
});

test.run();
