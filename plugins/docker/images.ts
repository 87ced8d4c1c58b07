/** Image names: where the image lives in the registry and which tags a build pushes. */

/** `<registry server>/<image>`, or just the image for Docker Hub. */
export function repository(registryServer: string | undefined, image: string): string {
  return registryServer ? `${registryServer}/${image}` : image;
}

/** `latest`, or `latest-<destination>` so destinations sharing a repository keep their own. */
export function latestTag(destination?: string): string {
  return destination ? `latest-${destination}` : 'latest';
}

export function imageRef(repo: string, tag: string): string {
  return `${repo}:${tag}`;
}
