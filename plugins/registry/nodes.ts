/**
 * Registry login/logout nodes. The password goes to `docker login --password-stdin` as the
 * command's stdin, never in argv, so it reaches neither the process list nor the logs.
 */
import type { TaskEnv, TaskNode } from '../../core/graph/model.js';
import { registryLogin, registryLogout } from './commands.js';
import { needsLogin, registryCredentials } from './credentials.js';

export const PLUGIN_NAME = 'registry';

export const LOGIN_LOCAL = 'registry:login-local';
export const LOGIN = 'registry:login';
export const LOGOUT_LOCAL = 'registry:logout-local';
export const LOGOUT = 'registry:logout';

type Skip = TaskNode['skip'];

async function login(env: TaskEnv): Promise<void> {
  const { server, username, password } = registryCredentials(env.ctx);
  await env.run(registryLogin({ server, username }), { stdin: password });
}

async function logout(env: TaskEnv): Promise<void> {
  await env.run(registryLogout(env.ctx.config.config.registry?.server));
}

/** Skips when the registry needs no login (open or localhost registry), then applies `extra`. */
function unlessOpen(extra: Skip): Skip {
  return (ctx) => (needsLogin(ctx) ? (extra?.(ctx) ?? false) : 'registry needs no login');
}

export function loginLocalNode(dependsOn: string[], skip?: Skip): TaskNode {
  return { id: LOGIN_LOCAL, title: 'registry login (local)', plugin: PLUGIN_NAME, dependsOn, scope: 'local', skip: unlessOpen(skip), run: login };
}

export function loginNode(dependsOn: string[], skip?: Skip): TaskNode {
  return { id: LOGIN, title: 'registry login', plugin: PLUGIN_NAME, dependsOn, scope: 'perHost', skip: unlessOpen(skip), run: login };
}

export function logoutLocalNode(dependsOn: string[], skip?: Skip): TaskNode {
  return { id: LOGOUT_LOCAL, title: 'registry logout (local)', plugin: PLUGIN_NAME, dependsOn, scope: 'local', skip: unlessOpen(skip), run: logout };
}

export function logoutNode(dependsOn: string[], skip?: Skip): TaskNode {
  return { id: LOGOUT, title: 'registry logout', plugin: PLUGIN_NAME, dependsOn, scope: 'perHost', skip: unlessOpen(skip), run: logout };
}
