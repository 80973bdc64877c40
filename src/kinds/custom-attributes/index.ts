import type { KindDefinition } from '../kind';
import { customAttributesPlan } from './plan';
import { customAttributesManifest } from './manifest';
import { createDefinition, destroyDefinition } from './work';

/** No addDesired: drift does not check definitions, and reports their folders as skipped. */
export const customAttributesKind: KindDefinition = {
  name: customAttributesManifest.name,
  constructClass: 'DomoCustomAttributes',
  manifest: customAttributesManifest,
  instanceNoun: 'attribute',
  create: createDefinition,
  destroy: destroyDefinition,
  needs: (output, entry) => ({ defines: output.constructFile(entry, customAttributesManifest).desiredKeys }),
  plan: customAttributesPlan,
};
