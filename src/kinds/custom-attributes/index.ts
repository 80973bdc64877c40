import { analyzeDefinitions } from '../../cli/plan-summary/definitions';
import type { KindDefinition } from '../kind';
import { customAttributesManifest, DEFINITION_FIELDS } from './manifest';
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
  recognize: (keys) => keys.has('key') && keys.has('title') && [...keys].every((k) => DEFINITION_FIELDS.includes(k)),
  planSection: (c) => analyzeDefinitions(c.changed, c.info),
};
