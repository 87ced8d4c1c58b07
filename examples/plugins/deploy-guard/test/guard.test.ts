/**
 * The guard: its window arithmetic, and the guard in Gantry's real deploy graph on fake hosts —
 * a refused deploy builds, pulls and boots nothing, says why, exits 1 and releases the lock.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { basePreset } from '../../../../presets/base.js';
import { runCli } from '../../../../test/support/cli.js';
import { runEngine } from '../../../../test/support/engine.js';
import { tempProject } from '../../../../test/unit/config/temp-project.js';
import deployGuard, { outsideWindow, type DeployWindow, type GuardConfig } from '../index.js';

const PLUGIN = fileURLToPath(new URL('../index.ts', import.meta.url));
const office: DeployWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', timezone: 'Europe/Berlin' };
// 2026-12-02 is a Wednesday; Berlin is UTC+1 in December.
const at = (iso: string) => new Date(iso);

test('the window: days, from inclusive, to exclusive, in its own time zone', () => {
  assert.is(outsideWindow(office, at('2026-12-02T08:00:00Z')), undefined);
  assert.is(outsideWindow(office, at('2026-12-02T15:59:00Z')), undefined);
  assert.is(outsideWindow(office, at('2026-12-02T16:00:00Z')), 'outside the deploy window (mon,tue,wed,thu,fri 09:00-17:00 Europe/Berlin; it is Wed 17:00 Europe/Berlin)');
  assert.ok(outsideWindow(office, at('2026-12-02T07:59:00Z')));
  assert.ok(outsideWindow(office, at('2026-12-05T10:00:00Z')), 'Saturday');
});

test('a window past midnight belongs to the day it opens', () => {
  const night: DeployWindow = { days: ['fri'], from: '22:00', to: '02:00', timezone: 'UTC' };
  assert.is(outsideWindow(night, at('2026-12-04T23:30:00Z')), undefined);
  assert.is(outsideWindow(night, at('2026-12-05T01:30:00Z')), undefined, 'Saturday 01:30 is still Friday night');
  assert.ok(outsideWindow(night, at('2026-12-05T22:30:00Z')), 'Saturday night is not');
  assert.ok(outsideWindow(night, at('2026-12-04T01:30:00Z')), 'Friday 01:30 belongs to Thursday night');
});

const servers = { web: ['h1', 'h2'] };
const deploy = (guard: GuardConfig, now: string, script?: Parameters<typeof runEngine>[0]['script'], graph = 'deploy') =>
  runEngine({ plugins: [basePreset, deployGuard({ now: () => at(now) })], config: { servers, deploy_guard: guard } as never, graph, version: 'v2', script });

test('outside the window the deploy is refused after the lock, before the build; the lock is released', async () => {
  const { result, fake } = await deploy({ window: office }, '2026-12-05T10:00:00Z');
  assert.is(result.exitCode, 1);
  assert.equal(result.failures.map((f) => f.nodeId), ['deploy-guard:check']);
  assert.is(result.failures[0]!.error!.message, 'deploy refused by deploy-guard: outside the deploy window (mon,tue,wed,thu,fri 09:00-17:00 Europe/Berlin; it is Sat 11:00 Europe/Berlin)');
  const commands = fake.calls.map((call) => call.command);
  assert.ok(commands.some((c) => c.includes('mkdir .kamal/lock-app')), commands.join('\n'));
  assert.ok(commands.at(-1)!.startsWith('rm -r .kamal/lock-app'), `the lock is released last: ${commands.join('\n')}`);
  assert.not.ok(commands.some((c) => /docker (build|buildx|pull|run)/.test(c)), commands.join('\n'));
});

test('while the stop file exists on the primary host the deploy is refused; it is looked for there only', async () => {
  const frozen = await deploy({ stop_file: '/etc/gantry/frozen' }, '2026-12-02T10:00:00Z', (fake) => fake.respond('test -e /etc/gantry/frozen', { code: 0 }));
  assert.is(frozen.result.exitCode, 1);
  assert.is(frozen.result.failures[0]!.error!.message, 'deploy refused by deploy-guard: /etc/gantry/frozen exists on h1 (remove it to allow deploys)');
  assert.equal(frozen.fake.calls.filter((c) => c.command.startsWith('test -e')).map((c) => c.host), ['h1']);
  assert.ok(frozen.fake.commandsFor('h1').at(-1)!.startsWith('rm -r .kamal/lock-app'));
});

test('inside the window with no stop file the deploy goes on; a dry run never refuses; rollback is not guarded', async () => {
  const open = await deploy({ window: office, stop_file: '/etc/gantry/frozen' }, '2026-12-02T10:00:00Z', (fake) => fake.respond('test -e /etc/gantry/frozen', { code: 1 }));
  assert.equal(open.result.failures.filter((f) => f.nodeId.startsWith('deploy-guard')), []);
  assert.ok(open.fake.calls.some((c) => c.command.startsWith('docker pull') || c.command.includes('docker build')), 'the deploy went on past the guard');
  const dry = await runEngine({ plugins: [basePreset, deployGuard({ now: () => at('2026-12-05T10:00:00Z') })], config: { servers, deploy_guard: { window: office } } as never, graph: 'deploy', dryRun: true });
  assert.ok(dry.result.ok, dry.result.failures.map((f) => f.error?.message).join('\n'));
  const rollback = await deploy({ window: office }, '2026-12-05T10:00:00Z', undefined, 'rollback');
  assert.not.ok(rollback.result.failures.some((f) => f.nodeId.startsWith('deploy-guard')));
});

test('its deploy_guard: section is checked with the config, at file:line:col', async () => {
  const head = `service: shop\nimage: acme/shop\nservers: [h1]\nplugins:\n  - ${PLUGIN}\n`;
  const check = async (text: string) => {
    const run = await runCli(['-c', join(tempProject({ 'gantry.yml': text }), 'gantry.yml'), 'config', '--json']);
    return run.code === 0 ? JSON.parse(run.stdout).config.deploy_guard : run.stderr.split('\n').filter((line) => line.includes('gantry.yml:')).map((line) => line.slice(line.indexOf('gantry.yml:')));
  };
  assert.equal(await check(`${head}deploy_guard:\n  window:\n    from: "9:00"\n    to: "17:00"\n    days: [monday]\n  stopfile: /x\n`), [
    'gantry.yml:8:5 deploy_guard.window.from: must match the pattern ^([01][0-9]|2[0-3]):[0-5][0-9]$',
    'gantry.yml:10:12 deploy_guard.window.days[0]: expected one of: sun, mon, tue, wed, thu, fri, sat',
    'gantry.yml:11:3 deploy_guard.stopfile: unknown key',
  ]);
  assert.equal(await check(`${head}deploy_guard:\n  window: { from: "09:00", to: "17:00", timezone: Mars/Olympus }\n`), ['gantry.yml:7:41 deploy_guard.window.timezone: unknown time zone "Mars/Olympus"']);
  assert.equal(await check(head), ['gantry.yml:4:1 plugins: deploy-guard needs its deploy_guard: section (a window:, a stop_file:, or both)']);
  assert.equal(await check(`${head}deploy_guard:\n  stop_file: /etc/frozen\n`), { stop_file: '/etc/frozen' });
});

test.run();
