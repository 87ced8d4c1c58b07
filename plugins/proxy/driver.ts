/**
 * What a proxy driver does on one host. The plugin's nodes and its tap of the app's trafficSwitch hook call
 * these; kamal-proxy, Caddy and Traefik each implement them with their own commands.
 */
import type { TaskEnv } from '../../core/graph/model.js';
import type { Word } from '../../core/transport/types.js';
import type { RoleBoot, TrafficSwitchRequest } from '../app/api.js';
import type { RouteSettings } from './settings.js';

export interface ProxyDriver {
  /**
   * Starts the proxy, or runs it; a running proxy is left alone. The `kamal` network exists by
   * then: the graph's per-host network step (requireNetwork of plugins/docker/api.ts) ran first.
   */
  boot(env: TaskEnv): Promise<void>;
  /**
   * Stops and removes the proxy container, ensures the network, then runs it again with the current
   * run options. `proxy reboot` has no other node on the host, so nothing creates the network beside it.
   */
  reboot(env: TaskEnv): Promise<void>;
  start(env: TaskEnv): Promise<void>;
  stop(env: TaskEnv): Promise<void>;
  details(env: TaskEnv): Promise<string>;
  /** The proxy container's name on every host (for `proxy logs`). */
  readonly container: string;
  /**
   * Why the proxy must stay (other apps use it), or undefined when it may be removed.
   * `leaving`: this app is being removed in the same run, so it does not count.
   */
  removalBlocker(env: TaskEnv, leaving?: boolean): Promise<string | undefined>;
  /** Removes the proxy container (and image where the driver owns one). */
  remove(env: TaskEnv): Promise<void>;
  /**
   * Moves the role's traffic on `env.host` to the new container: resolves once the new target
   * is healthy and the old one drained; rejects (with the new container's logs) when the new
   * target never became healthy — the old target keeps serving.
   */
  switchTraffic(env: TaskEnv, request: TrafficSwitchRequest): Promise<void>;
  /**
   * Refuses (throws) when another app or destination on this proxy already takes the requests
   * the role's route would take. Run before any container starts.
   */
  refuseSharedRoutes(env: TaskEnv, role: string): Promise<void>;
  /**
   * A deploy's proxy step, `boot` then `refuseSharedRoutes` for each of `roles`, for a driver
   * that does both in fewer round trips; without it the deploy calls the two.
   */
  bootForDeploy?(env: TaskEnv, roles: readonly string[]): Promise<void>;
  /** Removes this app's route for the role; other apps are untouched. */
  removeRoute(env: TaskEnv, role: string): Promise<void>;
  /** Answers the role's requests with a 503 (and the message) until `live`. */
  maintenance(env: TaskEnv, role: string, message?: string): Promise<void>;
  live(env: TaskEnv, role: string): Promise<void>;
  /** Routes a service of its own (an accessory) to `target` (container id or name) once it is healthy. */
  routeService(env: TaskEnv, settings: RouteSettings, target: string): Promise<void>;
  /** Removes such a service's route; a route that is not there is not an error. */
  removeService(env: TaskEnv, service: string): Promise<void>;
  /**
   * For a driver that routes by container labels (Traefik): the `docker run` words a proxied
   * role's new container gets (labels, mounts, health check), through the app's
   * containerRunArgs hook. Runs on the role's host right before the container starts.
   */
  containerRunArgs?(boot: RoleBoot): Promise<Word[]>;
}
