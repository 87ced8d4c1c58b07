/** `registry`: where images are pushed and pulled. */
import { Type } from 'typebox';
import { SecretRef, Strict } from './common.js';

export const RegistrySchema = Strict(
  {
    server: Type.Optional(
      Type.String({
        description: 'Registry host (Docker Hub when omitted). `localhost:PORT` runs a local registry reached over SSH.',
      }),
    ),
    username: Type.Optional(SecretRef('Login user: the value, or a one-item list naming a secret.')),
    password: Type.Optional(SecretRef('Login password or token: a one-item list naming a secret (recommended).')),
    local_image: Type.Optional(
      Type.String({
        description: "Gantry's own: the image of the local registry container with a `localhost:PORT` server (default `registry:3`, as Kamal).",
      }),
    ),
  },
  { description: 'The image registry.' },
);
