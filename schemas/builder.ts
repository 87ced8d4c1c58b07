/** `builder`: how the image is built. */
import { Type } from 'typebox';
import { Scalar, Strict, StringList } from './common.js';

const Arch = Type.Union([Type.Literal('amd64'), Type.Literal('arm64')]);

export const BuilderSchema = Strict(
  {
    arch: Type.Union([Arch, Type.Array(Arch, { minItems: 1 })], { description: 'Target architecture(s): amd64, arm64, or a list.' }),
    remote: Type.Optional(Type.String({ description: 'Remote builder, e.g. `ssh://docker@builder-host`, for arches not built locally.' })),
    local: Type.Optional(Type.Boolean({ description: 'Build locally what the local machine can (default true).' })),
    pack: Type.Optional(
      Strict(
        {
          builder: Type.String({ description: 'Buildpacks builder image.' }),
          buildpacks: StringList('Buildpacks to apply.'),
        },
        { description: 'Build with Cloud Native Buildpacks instead of a Dockerfile.' },
      ),
    ),
    cache: Type.Optional(
      Strict(
        {
          type: Type.Union([Type.Literal('gha'), Type.Literal('registry')], { description: 'Cache backend.' }),
          options: Type.Optional(Type.String({ description: 'Cache options, e.g. `mode=max`.' })),
          image: Type.Optional(Type.String({ description: 'Registry cache image (default `<image>-build-cache`).' })),
        },
        { description: 'Build cache (needs docker buildx on the machine that builds; refused without it).' },
      ),
    ),
    context: Type.Optional(Type.String({ description: 'Build context; `.` builds the working tree instead of a clean git clone.' })),
    dockerfile: Type.Optional(Type.String({ description: 'Dockerfile path (default Dockerfile).' })),
    target: Type.Optional(Type.String({ description: 'Dockerfile stage to build.' })),
    args: Type.Optional(
      Type.Record(Type.String(), Type.Union([Scalar, Type.Null()]), {
        description: 'Build arguments (`--build-arg KEY=VALUE`); an empty or null value passes `--build-arg KEY`, taking it from the environment (as Kamal).',
      }),
    ),
    secrets: Type.Optional(StringList('Secret names passed to the build (`--secret id=NAME`).')),
    ssh: Type.Optional(Type.String({ description: 'SSH agent socket or keys forwarded to the build (`--ssh`).' })),
    driver: Type.Optional(Type.String({ description: 'buildx driver: docker-container (default), docker, or `cloud org/name`.' })),
    provenance: Type.Optional(Type.Union([Type.Boolean(), Type.String()], { description: 'Provenance attestation (`--provenance`).' })),
    sbom: Type.Optional(Type.Union([Type.Boolean(), Type.String()], { description: 'SBOM attestation (`--sbom`).' })),
  },
  { description: 'Image build settings.' },
);
