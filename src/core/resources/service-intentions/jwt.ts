import type { ServiceIntentionsEntry } from '../../../consul';
import { sameValue } from '../../diff';
import type { IntentionJwt } from './schema';

// Translation of JWT requirements between the resource's shape and Consul's, and which requirement a resource owns.

/** Consul's shape of a JWT requirement. */
export type WireJwt = NonNullable<ServiceIntentionsEntry['JWT']>;

/** `jwt` in Consul's shape (empty claim lists omitted, as Consul omits them). */
export function toWireJwt(jwt: IntentionJwt): WireJwt {
  return {
    Providers: jwt.providers.map((provider) => ({
      Name: provider.name,
      ...((provider.verifyClaims ?? []).length === 0
        ? {}
        : { VerifyClaims: (provider.verifyClaims ?? []).map((claim) => ({ Path: [...claim.path], Value: claim.value })) }),
    })),
  };
}

/** A wire requirement in the resource's shape (undefined when absent). */
export function fromWireJwt(jwt: WireJwt | null | undefined): IntentionJwt | undefined {
  if (jwt === null || jwt === undefined) return undefined;
  return {
    providers: (jwt.Providers ?? []).map((provider) => {
      const claims = provider.VerifyClaims ?? [];
      return {
        name: provider.Name ?? '',
        ...(claims.length === 0 ? {} : { verifyClaims: claims.map((claim) => ({ path: [...(claim.Path ?? [])], value: claim.Value ?? '' })) }),
      };
    }),
  };
}

/**
 * The entry's requirement to store. Exclusive: exactly the desired one. Shared: the desired one when set; none when this
 * resource set one before and no longer does; else the stored one (someone else's).
 */
export function mergeEntryJwt(
  stored: WireJwt | null | undefined, owned: IntentionJwt | undefined, desired: IntentionJwt | undefined, exclusive: boolean,
): { JWT?: WireJwt } {
  if (desired !== undefined) return { JWT: toWireJwt(desired) };
  if (exclusive || owned !== undefined || stored === null || stored === undefined) return {};
  return { JWT: stored };
}

/**
 * The resource's view of the entry's requirement: all of it on import and when exclusive, else only when this resource
 * manages it (in the resource's own spelling when Consul holds the same content).
 */
export function entryJwtView(stored: WireJwt | null | undefined, owned: IntentionJwt | undefined, whole: boolean): IntentionJwt | undefined {
  const view = fromWireJwt(stored);
  if (!whole && owned === undefined) return undefined;
  return owned !== undefined && sameValue(owned, view) ? owned : view;
}
