/** ssh2, loaded on first use: commands that connect nowhere (config, graph, --dry-run) never pay for it. */
type Ssh2 = typeof import('ssh2');

let loading: Promise<Ssh2> | undefined;

export function loadSsh2(): Promise<Ssh2> {
  loading ??= import('ssh2').then((module) => (module as unknown as { default: Ssh2 }).default);
  return loading;
}
