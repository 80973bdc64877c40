import type { KindDefinition } from '../kind';
import { userAttributesChecks } from './checks';
import { attributesExport } from './export';
import { userAttributesPlan } from './plan';
import type { DriftAdapter } from '../../drift/facet';
import { userAttributesDrift } from './drift';
import { userAttributesManifest } from './manifest';
import { createUserAttributes, destroyUserAttributes } from './work';

export const userAttributesKind: KindDefinition = {
  name: userAttributesManifest.name,
  constructClass: 'DomoUserAttributes',
  manifest: userAttributesManifest,
  instanceNoun: 'shard',
  create: createUserAttributes,
  destroy: destroyUserAttributes,
  writes: (output, entry) => ({ keys: output.constructFile(entry, userAttributesManifest).managedKeys, roles: [] }),
  needs: (_output, entry) => ({ scim: entry.scim }),
  checks: userAttributesChecks,
  drift: userAttributesDrift as DriftAdapter,
  plan: userAttributesPlan,
  export: attributesExport,
};
