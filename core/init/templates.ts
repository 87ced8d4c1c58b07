/**
 * What `gantry init` writes: a documented config/deploy.yml (Kamal 2's layout, so either tool
 * reads it), the secrets file it points to, and one sample per hook (named `.sample`, so none runs
 * until renamed).
 */

export const DEPLOY_YML = `# Deploy config: what to deploy where. \`gantry docs\` documents every section;
# \`gantry config\` checks this file and prints it resolved. Kamal 2 reads the same file.

# The service name: container names are <service>-<role>-<version>.
service: my-app

# The image to build and deploy, under the registry below.
image: my-user/my-app

# Where the app runs. The first role (web) is the primary one: it boots first and its
# containers get the proxy's traffic.
servers:
  web:
    - 192.168.0.1
  # job:
  #   hosts:
  #     - 192.168.0.1
  #   cmd: bin/jobs

# The proxy in front of the web role: zero-downtime switches and, with ssl, certificates.
proxy:
  ssl: true
  host: app.example.com
  # app_port: 3000

# The registry the hosts pull from. Secret values are names, read from .kamal/secrets.
registry:
  server: ghcr.io
  username: my-user
  password:
    - KAMAL_REGISTRY_PASSWORD

# Environment of every container: clear values are passed as they are; secret names are
# resolved from .kamal/secrets into a 0600 env file on each host.
env:
  secret:
    - RAILS_MASTER_KEY
  # clear:
  #   DB_HOST: 192.168.0.2

# Shortcuts: \`gantry console\` runs \`gantry app exec --interactive --reuse "bin/rails console"\`.
aliases:
  console: app exec --interactive --reuse "bin/rails console"
  shell: app exec --interactive --reuse "bash"
  logs: app logs -f
  dbc: app exec --interactive --reuse "bin/rails dbconsole"

# Where images are built.
builder:
  arch: amd64

# How to reach the hosts (default: root with your SSH agent's keys).
# ssh:
#   user: app

# Databases and other services next to the app.
# accessories:
#   db:
#     image: mysql:8.0
#     host: 192.168.0.2
#     port: "127.0.0.1:3306:3306"
#     env:
#       secret:
#         - MYSQL_ROOT_PASSWORD
#     directories:
#       - data:/var/lib/mysql
`;

export const SECRETS = `# Secrets for config/deploy.yml, one NAME=value per line (dotenv). Never commit real
# values: read them from the environment or a password manager, e.g.
#   KAMAL_REGISTRY_PASSWORD=$KAMAL_REGISTRY_PASSWORD
#   RAILS_MASTER_KEY=$(cat config/master.key)
KAMAL_REGISTRY_PASSWORD=$KAMAL_REGISTRY_PASSWORD
RAILS_MASTER_KEY=$RAILS_MASTER_KEY
`;

/** Hook samples: when each runs, and what it gets. Rename without `.sample` to enable one. */
const HOOKS: Record<string, string> = {
  'pre-connect': 'before anything connects to a host (e.g. warm up DNS, open a VPN)',
  'pre-build': 'before the image is built (e.g. refuse a dirty working tree)',
  'pre-deploy': 'after the image is on every host, before any container boots (e.g. check CI)',
  'post-deploy': 'after the deploy, whatever its result (e.g. notify a chat)',
  'pre-app-boot': 'before the app boots on a group of hosts',
  'post-app-boot': 'after the app booted on a group of hosts',
  'pre-proxy-reboot': 'before the proxy is rebooted',
  'post-proxy-reboot': 'after the proxy was rebooted',
  'docker-setup': 'during setup, after Docker was installed on the hosts',
};

export function hookSamples(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(HOOKS).map(([name, when]) => [
      `${name}.sample`,
      `#!/bin/sh\n# Runs on this machine ${when}.\n# A non-zero exit stops the deploy. The hook sees KAMAL_* and GANTRY_* variables:\n# SERVICE, VERSION, HOSTS, PERFORMER, DESTINATION, COMMAND, RUNTIME...\necho "${name}: $KAMAL_SERVICE $KAMAL_VERSION on $KAMAL_HOSTS"\n`,
    ]),
  );
}
