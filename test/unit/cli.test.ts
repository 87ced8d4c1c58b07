import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempProject } from './config/temp-project.js';

const CONFIG = 'service: app\nimage: acme/app\nservers:\n  web: [h1, h2]\n  jobs: [h3]\naliases:\n  dep: deploy --dry-run\n';
/** Dry runs differ only in clock and random parts. */
const stable = (text: string) => text.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T').replace(/--hostname \S+/g, '').replace(/echo \S+ >/g, 'echo X >');
const project = (extra = '') => join(tempProject({ 'gantry.yml': CONFIG + extra }), 'gantry.yml');

test('-c and -d work before the command, as Kamal users type them, also through an alias', async () => {
  const root = tempProject({ 'deploy.yml': CONFIG, 'deploy.staging.yml': 'servers:\n  web: [s1]\n' });
  const file = join(root, 'deploy.yml');
  const before = await runCli(['-c', file, '-d', 'staging', 'deploy', '--dry-run', '--version', 'v1']);
  assert.is(before.code, 0, before.stderr);
  assert.match(before.stdout, '# s1');
  const after = await runCli(['deploy', '-c', file, '-d', 'staging', '--dry-run', '--version', 'v1']);
  assert.is(stable(after.stdout), stable(before.stdout));
  const alias = await runCli(['-c', file, '-d', 'staging', 'dep', '--version', 'v1']);
  assert.is(stable(alias.stdout), stable(before.stdout));
});

test('stray arguments are refused: `deploy -- --dry-run` never deploys', async () => {
  const file = project();
  for (const argv of [['deploy', '-c', file, '--', '--dry-run'], ['deploy', '-c', file, 'now'], ['config', '-c', file, 'extra'], ['-c', file, 'dep', '--', '--dry-run']]) {
    const run = await runCli(argv);
    assert.is(run.code, 1, argv.join(' '));
    assert.match(run.stderr, /too many arguments/);
    assert.is(run.stdout, '');
  }
});

test('--hosts and --roles: empty is an error, patterns are names with * wildcards', async () => {
  const file = project();
  const dry = ['deploy', '-c', file, '--dry-run', '--version', 'v1'];
  assert.equal(await runCli([...dry, '--hosts', '']), { code: 1, stdout: '', stderr: 'gantry: --hosts is empty: name at least one (comma list, * wildcards)\n' });
  assert.match((await runCli([...dry, '--roles', ' , '])).stderr, '--roles is empty');
  assert.match((await runCli([...dry, '--hosts', '-oProxyCommand=x'])).stderr, 'gantry: --hosts: invalid host or role pattern "-oProxyCommand=x"');
  const some = await runCli([...dry, '--hosts', 'h*', '--roles', 'jo*']);
  assert.is(some.code, 0, some.stderr);
  assert.match(some.stdout, '# h3');
  assert.not.match(some.stdout, '# h1');
});

test('--version, $VERSION and a rollback version must be image tags', async () => {
  const file = project();
  assert.match((await runCli(['deploy', '-c', file, '--dry-run', '--version', '../x'])).stderr, 'gantry: --version: invalid version "../x"');
  assert.match((await runCli(['lock', 'status', '-c', file, '--dry-run', '--version', 'a b'])).stderr, 'gantry: --version: invalid version "a b"');
  assert.match((await runCli(['rollback', '-c', file, '--dry-run', '-x'])).stderr, /unknown option/);
  assert.match((await runCli(['rollback', 'v1;reboot', '-c', file, '--dry-run'])).stderr, 'gantry: version: invalid version "v1;reboot"');
  assert.match((await runCli(['rollback', 'v1', '-c', file, '--dry-run', '--version', 'v2'])).stderr, 'gantry: rollback takes the version as its argument; drop --version v2');
  for (const flag of ['-P', '--no-cache', '--retain']) assert.match((await runCli(['rollback', 'v1', '-c', file, '--dry-run', flag, '3'])).stderr, /unknown option/, `rollback ${flag}`);
  assert.match((await runCli(['redeploy', '-c', file, '--dry-run', '--retain', '3'])).stderr, /unknown option '--retain'/);
});

test('an alias or graph named like a command is a positioned config error, not a commander crash', async () => {
  const aliasFile = project('  lock: deploy\n');
  const alias = await runCli(['-c', aliasFile, '--help']);
  assert.is(alias.code, 1);
  assert.match(alias.stderr, /gantry\.yml:8:3 aliases\.lock: "gantry lock" is already a command: an alias cannot replace it/);
  const graphFile = project('graphs:\n  deploy:\n    steps: [{id: a, run: "true"}]\n');
  const graph = await runCli(['-c', graphFile, 'deploy', '--dry-run', '--version', 'v1']);
  assert.is(graph.code, 1);
  assert.match(graph.stderr, /gantry\.yml:9:3 graphs\.deploy: this graph would replace the built-in command "gantry deploy"/);
  const helpFile = project('graphs:\n  help:\n    steps: [{id: a, run: "touch /tmp/never"}]\n');
  const help = await runCli(['-c', helpFile, '--help']);
  assert.is(help.code, 0);
  assert.match(help.stdout, /^Usage: gantry/);
  const config = await runCli(['-c', helpFile, 'config']);
  assert.match(config.stderr, /gantry\.yml:9:3 graphs\.help: "help" is a gantry command/);
});

test('`app exec` takes the rest of the line; Kamal\'s console alias works; init cannot be an alias', async () => {
  const file = project('  console: app exec -i --reuse "bin/rails console"\n');
  const rest = await runCli(['app', 'exec', '-c', file, '--dry-run', '--version', 'v1', '--', 'ls', '-la']);
  assert.is(rest.code, 0, rest.stderr);
  assert.match(rest.stdout, /docker run .*acme\/app:v1 ls -la/);
  const alias = await runCli(['-c', file, 'console', '--dry-run']);
  assert.is(alias.code, 0, alias.stderr);
  assert.match(alias.stdout, "docker exec -it '<web container>' bin/rails console");
  const json = await runCli(['app', 'exec', '-c', file, '--dry-run', '--json', 'env']);
  for (const line of json.stdout.trim().split('\n')) JSON.parse(line);
  const init = await runCli(['-c', project('  init: deploy\n'), 'config']);
  assert.is(init.code, 1);
  assert.match(init.stderr, /aliases\.init: "init" is a gantry command/);
});

test('plugin-loading errors point at their plugins: entry', async () => {
  const root = tempProject({
    'gantry.yml': `${CONFIG}plugins:\n  - ./not-a-plugin.mjs\n  - [./failing.mjs, {a: 1}]\n  - ./missing.mjs\n`,
    'not-a-plugin.mjs': 'export default { name: 1 };\n',
    'failing.mjs': 'export default () => { throw new Error("bad options"); };\n',
  });
  const file = join(root, 'gantry.yml');
  assert.match((await runCli(['-c', file, 'config'])).stderr, /gantry\.yml:9:5 plugins\[0\]: plugin \.\/not-a-plugin\.mjs: its default export must be a plugin/);
  const failing = tempProject({ 'gantry.yml': `${CONFIG}plugins:\n  - [./failing.mjs, {a: 1}]\n`, 'failing.mjs': 'export default () => { throw new Error("bad options"); };\n' });
  assert.match((await runCli(['-c', join(failing, 'gantry.yml'), 'config'])).stderr, /gantry\.yml:9:5 plugins\[0\]: plugin \.\/failing\.mjs: its factory failed: bad options/);
  const missing = tempProject({ 'gantry.yml': `${CONFIG}plugins:\n  - ./missing.mjs\n` });
  assert.match((await runCli(['-c', join(missing, 'gantry.yml'), 'config'])).stderr, /gantry\.yml:9:5 plugins\[0\]: could not load plugin \.\/missing\.mjs/);
});

test('--help lists every command inside a group with its one-line description', async () => {
  const help = await runCli(['--help']);
  assert.is(help.code, 0);
  assert.match(help.stdout, /\n {2}app exec <cmd\.\.\.> +Run a command in a new container/);
  assert.match(help.stdout, /\n {2}lock release +Release the deploy lock/);
  assert.match(help.stdout, /\n {2}trace summary <file> +print the critical path/);
  for (const [term, description] of help.stdout.split('Commands in groups:')[1]!.split('\n').filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/ {2,}/))) {
    assert.ok(description, `${term} has a description`);
  }
});

test('build commands: --no-cache reaches the build; a deploy-only option is refused on build push', async () => {
  const file = project('registry:\n  server: localhost:5555\n');
  const push = await runCli(['build', 'push', '-c', file, '--dry-run', '--version', 'v1', '--no-cache']);
  assert.is(push.code, 0, push.stderr);
  assert.match(push.stdout, 'docker start kamal-docker-registry || docker run --detach -p 127.0.0.1:5555:5000 --name kamal-docker-registry registry:3');
  assert.match(push.stdout, /docker buildx build --push --builder kamal-local-registry-docker-container -t localhost:5555\/acme\/app:v1 .* --no-cache \./);
  assert.match((await runCli(['build', 'push', '-c', file, '--dry-run', '--version', 'v1', '--skip-push'])).stderr, /unknown option/);
  const deliver = await runCli(['build', 'deliver', '-c', file, '--dry-run', '--version', 'v1']);
  assert.match(deliver.stdout, 'forward 127.0.0.1:5555 → 127.0.0.1:5555 of this machine (ssh -R)');
  assert.match(deliver.stdout, 'docker pull localhost:5555/acme/app:v1');
  const [help, top] = [await runCli(['build', '--help']), await runCli(['--help'])];
  for (const command of ['push', 'pull', 'deliver', 'create', 'remove', 'details', 'dev']) {
    assert.match(help.stdout, new RegExp(`\\n  ${command}\\b.* [A-Z]`));
    assert.match(top.stdout, new RegExp(`\\n  build ${command}\\b.* [A-Z]`));
  }
  assert.match(top.stdout, /\n {2}registry setup +Start the local registry/);
});

test.run();
