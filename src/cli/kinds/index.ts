import type { KindName } from '../../kinds/kind';
import type { CliKind } from './adapter';
import { customAttributesCli } from './custom-attributes';
import { directoryGroupsCli } from './directory-groups';
import { pdpPoliciesCli } from './pdp-policies';
import { userAttributesCli } from './user-attributes';
import { usersCli } from './users';

export type { CliKind, ConstructNeeds, NamesWritten } from './adapter';

/** What doctor, drift and plan-summary do with each kind: a kind without an entry does not compile. */
export const CLI_KINDS: Readonly<Record<KindName, CliKind>> = {
  'user-attributes': userAttributesCli,
  users: usersCli,
  'directory-groups': directoryGroupsCli,
  'custom-attributes': customAttributesCli,
  'pdp-policies': pdpPoliciesCli,
};
