import { customAttributesKind } from './custom-attributes';
import { directoryGroupsKind } from './directory-groups';
import type { KindDefinition } from './kind';
import { pdpPoliciesKind } from './pdp-policies';
import { rolesKind } from './roles';
import { userAttributesKind } from './user-attributes';
import { usersKind } from './users';

/**
 * Every kind of this package, in the order reports show them (definitions first: the deploy
 * creates them before anyone writes them; custom roles, which users are given; then users, their attributes, groups, policies).
 * Adding a kind is adding its folder and one entry here.
 */
export const KINDS: readonly KindDefinition[] = [
  customAttributesKind,
  rolesKind,
  usersKind,
  userAttributesKind,
  directoryGroupsKind,
  pdpPoliciesKind,
];
