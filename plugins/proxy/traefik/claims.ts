/**
 * Two apps (or destinations) on one Traefik must not take the same requests: Traefik would pick
 * one router by rule length, silently. Running routed containers carry their route's claims
 * (labels.ts); a role whose claims another route already has is refused before it starts.
 */
import type { Command } from '../../../core/transport/types.js';
import { listContainers } from '../../docker/api.js';
import { CLAIMS_LABEL, ROUTER_LABEL } from './labels.js';

/** `<router>\t<claims>` per running routed container. */
export function listClaims(): Command {
  return listContainers({ filters: [`label=${CLAIMS_LABEL}`], format: `{{.Label "${ROUTER_LABEL}"}}\t{{.Label "${CLAIMS_LABEL}"}}` });
}

export interface Claimant {
  router: string;
  claim: string;
}

/** Other routers' claims (from listClaims' output) that `own` would share. */
export function sharedClaims(listing: string, ownRouter: string, own: readonly string[]): Claimant[] {
  const wanted = new Set(own);
  return listing.split('\n').flatMap((line) => {
    const [router, claims] = line.trim().split('\t');
    if (!router || router === ownRouter || !claims) return [];
    return claims
      .split(',')
      .filter((claim) => wanted.has(claim))
      .map((claim) => ({ router, claim }));
  });
}
