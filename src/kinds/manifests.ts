import type { KindManifest, KindName } from './kind';
import { customAttributesManifest } from './custom-attributes/manifest';
import { directoryGroupsManifest } from './directory-groups/manifest';
import { pdpPoliciesManifest } from './pdp-policies/manifest';
import { userAttributesManifest } from './user-attributes/manifest';
import { usersManifest } from './users/manifest';

/** Every kind's file schemas and triggers, by name: what synth readers need (no Domo access). */
export const KIND_MANIFESTS = {
  'user-attributes': userAttributesManifest,
  users: usersManifest,
  'directory-groups': directoryGroupsManifest,
  'custom-attributes': customAttributesManifest,
  'pdp-policies': pdpPoliciesManifest,
} as const satisfies Record<KindName, KindManifest<never, never> | KindManifest<{ kind: KindName }, unknown>>;

type Manifests = typeof KIND_MANIFESTS;
/** The construct file of any kind, as a union discriminated by `kind`. */
export type AnyConstructFile = { [K in KindName]: Manifests[K] extends KindManifest<infer C, unknown> ? C : never }[KindName];

/** A kind's manifest where the caller handles every kind's file alike. */
export function manifestOfKind(kind: KindName): KindManifest<AnyConstructFile, unknown> {
  return KIND_MANIFESTS[kind] as unknown as KindManifest<AnyConstructFile, unknown>;
}
