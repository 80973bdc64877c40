import { customAttributesManifest } from '../../kinds/custom-attributes/manifest';
import { analyzeDefinitions } from '../plan-summary/definitions';
import type { CliKind } from './adapter';

/** No addDesired: drift does not check definitions, and reports their folders as skipped. */
export const customAttributesCli: CliKind = {
  constructClass: 'DomoCustomAttributes',
  needs: (output, entry) => ({ defines: output.constructFile(entry, customAttributesManifest).desiredKeys }),
  planSection: (c) => analyzeDefinitions(c.changed, c.info),
};
