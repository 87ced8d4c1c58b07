/** `ssh`: how hosts are reached. */
import { Type } from 'typebox';
import { Strict, StringList } from './common.js';

export const SshSchema = Strict(
  {
    user: Type.Optional(Type.String({ default: 'root', description: 'Remote user.' })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, default: 22, description: 'SSH port.' })),
    proxy: Type.Optional(Type.String({ description: 'Jump host, `[user@]host[:port]` (user defaults to root).' })),
    proxy_command: Type.Optional(Type.String({ description: 'Command whose stdio is the connection (`%h` host, `%p` port, `%r` user); `proxy` wins when both are set.' })),
    log_level: Type.Optional(
      Type.Union([Type.Literal('debug'), Type.Literal('info'), Type.Literal('warn'), Type.Literal('error'), Type.Literal('fatal')], {
        description: 'SSH client log level (default fatal); debug prints the SSH handshake.',
      }),
    ),
    keys_only: Type.Optional(Type.Boolean({ description: 'Use only the listed keys, not the agent.' })),
    keys: Type.Optional(StringList('Private key files.')),
    key_data: Type.Optional(StringList('Secret names holding private keys (never inline keys).')),
    config: Type.Optional(
      Type.Union([Type.Boolean(), Type.String(), Type.Array(Type.String())], {
        description:
          'OpenSSH client config: true (default: ~/.ssh/config, /etc/ssh/ssh_config), false (none), or a file or list of files. Keys set here win over it; user and port always do (default root, 22).',
      }),
    ),
    forward_agent: Type.Optional(Type.Boolean({ description: 'Forward the local SSH agent to hosts.' })),
    // Gantry's own: ssh2 checks no host keys unless told to.
    known_hosts: Type.Optional(Type.String({ description: 'known_hosts file for host key checks (default ~/.ssh/known_hosts).' })),
    host_key_checking: Type.Optional(
      Type.Union([Type.Literal('accept-new'), Type.Literal('strict'), Type.Literal('off')], {
        description: 'accept-new (default): trust and record unknown hosts, refuse changed keys; strict: only known hosts; off: no checks.',
      }),
    ),
  },
  { default: {}, description: 'SSH connection settings.' },
);
