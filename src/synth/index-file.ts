import { z } from 'zod';
import { MANIFEST_VERSION, ScimConnection } from '../model/kind';

/** `<stack folder>/domo-identity/index.json`: what synth wrote for this package's constructs. */
export const INDEX_FILE = 'index.json';
/** In each construct's manifest folder: its settings and desired identities. */
export const CONSTRUCT_FILE = 'construct.json';

export const IndexedConstruct = z.object({
  /** The construct's path, e.g. `franchise-identity/FranchiseAttributes`. */
  path: z.string(),
  kind: z.string(),
  /** Relative to the stack folder, as the handlers see it. */
  manifestDir: z.string(),
  scim: ScimConnection,
  /** The construct's one `for_each` block: its address is `<type>.<name>`. */
  resource: z.object({ type: z.string(), name: z.string() }),
  /** Instance key (as Terraform evaluates it) -> the file of its desired state, in the manifest folder. */
  instances: z.record(z.string(), z.string()),
});
export type IndexedConstruct = z.infer<typeof IndexedConstruct>;

export const StackIndex = z.object({
  version: z.literal(MANIFEST_VERSION),
  constructs: z.array(IndexedConstruct),
});
export type StackIndex = z.infer<typeof StackIndex>;
