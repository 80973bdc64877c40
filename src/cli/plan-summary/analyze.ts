import { USER_FIELDS } from '../../model/users';
import { isPolicyTriggerMap } from '../../model/pdp-policies';
import { CLI_KINDS } from '../kinds';
import type { CurrentValues } from './current';
import type { PoliciesSection } from './policies';
import type { ConstructManifest, ConstructManifests } from './manifests';
import { CONSTRUCT_KINDS, isChanged, readPlan, type ConstructKind, type InstanceChange, type ResourceBlock } from './plan-json';

/** One value that changes. `undefined` is a key absent from the trigger map. */
export interface ValueChange {
  readonly key: string;
  readonly before?: string;
  readonly after?: string;
}

/** A user whose values change; a new user has every `before` undefined. */
export interface UserChange {
  readonly userName: string;
  readonly changes: readonly ValueChange[];
}

export interface ConstructInfo {
  /** The logical id without its hash: `FranchiseAttributes_624F6D4C` -> `FranchiseAttributes`. */
  readonly label: string;
  readonly address: string;
  readonly constructPath?: string;
  /** From the construct's manifest; undefined when it could not be read. */
  readonly removalPolicy?: string;
  /** Instances replaced although no value changed (e.g. `-replace`): their handlers run again. */
  readonly reruns: number;
  /** Instances new to Terraform whose old side is what Domo holds now (see CurrentValues). */
  readonly fromDomo: number;
}

export interface UsersSection extends ConstructInfo {
  readonly kind: 'users' | 'user-attributes';
  /** Existing users with changed values, by userName. */
  readonly changed: readonly UserChange[];
  /** Users not in any shard before. */
  readonly created: readonly UserChange[];
  /** userNames in a shard before and in none after: the removal policy applies. */
  readonly leaving: readonly string[];
}

export interface GroupChange {
  readonly displayName: string;
  readonly status: 'created' | 'changed' | 'removed';
  /** Fields other than members (displayName is the identity and never changes in place). */
  readonly fields: readonly ValueChange[];
  readonly joining: readonly string[];
  /** Members no longer listed; removed from Domo only when membership is authoritative. */
  readonly leaving: readonly string[];
  readonly membership?: string;
  readonly membersBefore: number;
  readonly membersAfter: number;
}

export interface GroupsSection extends ConstructInfo {
  readonly kind: 'directory-groups';
  readonly membership?: string;
  readonly groups: readonly GroupChange[];
}

export interface DefinitionChange {
  readonly key: string;
  readonly status: 'created' | 'changed' | 'removed';
  readonly fields: readonly ValueChange[];
}

export interface DefinitionsSection extends ConstructInfo {
  readonly kind: 'custom-attributes';
  readonly definitions: readonly DefinitionChange[];
}

/** Changed resources that are not constructs of this package. */
export interface OtherSection {
  readonly kind: 'other';
  readonly resources: ReadonlyArray<{ readonly address: string; readonly actions: readonly string[] }>;
}

/** One construct with changes, as its kind's `planSection` gets it. */
export interface ConstructChanges {
  /** Every instance of the construct, changed or not. */
  readonly instances: readonly InstanceChange[];
  readonly changed: readonly InstanceChange[];
  readonly manifest?: ConstructManifest;
  readonly info: (reruns: number) => ConstructInfo;
}

export type Section = UsersSection | GroupsSection | DefinitionsSection | PoliciesSection | OtherSection;

const KIND_ORDER: Record<Section['kind'], number> = {
  'custom-attributes': 0,
  users: 1,
  'user-attributes': 2,
  'directory-groups': 3,
  'pdp-policies': 4,
  other: 5,
};

/**
 * The plan as sections, one per construct with changes (definitions, users, attributes, groups,
 * then other resources). With `current`, an instance the plan creates gets what Domo holds now as
 * its old side, so only what really changes in Domo is shown.
 */
export function analyzePlan(planJson: unknown, manifests: ConstructManifests = {}, current?: CurrentValues): Section[] {
  const sections: Section[] = [];
  const other: Array<{ address: string; actions: readonly string[] }> = [];
  for (const read of readPlan(planJson)) {
    const { kind, manifest } = blockKind(read, manifests);
    const block = kind && current ? withCurrentValues(read, kind, current) : read;
    const changed = block.instances.filter(isChanged);
    if (changed.length === 0) continue;
    if (!kind) {
      other.push(...changed.map((i) => ({ address: i.address, actions: i.actions })));
      continue;
    }
    const fromDomo = block.instances.filter((i) => i.fromDomo && isChanged(i)).length;
    const info = (reruns: number): ConstructInfo => ({
      label: block.name.replace(/_[0-9A-F]{8}$/, ''),
      address: block.address,
      ...(manifest?.constructPath !== undefined ? { constructPath: manifest.constructPath } : {}),
      ...(manifest?.removalPolicy !== undefined ? { removalPolicy: manifest.removalPolicy } : {}),
      reruns,
      fromDomo,
    });
    sections.push(CLI_KINDS[kind].planSection({ instances: block.instances, changed, ...(manifest ? { manifest } : {}), info }));
  }
  if (other.length > 0) sections.push({ kind: 'other', resources: other });
  return sections.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || labelOf(a).localeCompare(labelOf(b)));
}

const labelOf = (s: Section) => (s.kind === 'other' ? '' : s.label);

/** Instances the plan creates get Domo's current values as their old side. */
function withCurrentValues(block: ResourceBlock, kind: ConstructKind, current: CurrentValues): ResourceBlock {
  return {
    ...block,
    instances: block.instances.map((i) => {
      if (i.before !== null || i.after === null) return i;
      const before = current.before(kind, i.after);
      return before === null ? i : { ...i, before, fromDomo: true };
    }),
  };
}

/** Which construct kind a resource block is (undefined: not one of this package's), and its manifest when known. */
export function blockKind(block: ResourceBlock, manifests: ConstructManifests): { kind?: ConstructKind; manifest?: ConstructManifest } {
  const manifest = manifestOf(block, manifests);
  const kind = block.handlerKind ?? kindOfManifest(manifest) ?? kindByShape(block);
  return { ...(kind ? { kind } : {}), ...(manifest ? { manifest } : {}) };
}

/** By the handler arguments' manifest folder, else by the construct id ending the manifest's construct path. */
function manifestOf(block: ResourceBlock, manifests: ConstructManifests): ConstructManifest | undefined {
  if (block.manifestPath !== undefined) return manifests[block.manifestPath];
  const label = block.name.replace(/_[0-9A-F]{8}$/, '');
  const matches = Object.values(manifests).filter((m) => m.constructPath?.split('/').pop() === label);
  return matches.length === 1 ? matches[0] : undefined;
}

function kindOfManifest(manifest: ConstructManifest | undefined): ConstructKind | undefined {
  return CONSTRUCT_KINDS.find((k) => k === manifest?.kind);
}

const DEFINITION_FIELDS = ['key', 'title', 'description', 'valueSources', 'visibility'];
const USER_FIELD_NAMES: readonly string[] = USER_FIELDS;

/** Without the handler arguments or a manifest: recognized by the trigger keys. */
function kindByShape(block: ResourceBlock): ConstructKind | undefined {
  if (block.type !== 'terraform_data' && block.type !== 'null_resource') return undefined;
  const keys = new Set<string>();
  for (const i of block.instances) for (const map of [i.before, i.after]) for (const k of map?.keys() ?? []) keys.add(k);
  if (keys.size === 0) return undefined;
  if (keys.has('displayName') && keys.has('membership')) return 'directory-groups';
  if (isPolicyTriggerMap(keys)) return 'pdp-policies';
  if (keys.has('key') && keys.has('title') && [...keys].every((k) => DEFINITION_FIELDS.includes(k))) return 'custom-attributes';
  if (![...keys].every((k) => k.lastIndexOf('/') > 0)) return undefined;
  const fields = [...keys].map((k) => k.slice(k.lastIndexOf('/') + 1));
  if (fields.some((f) => f.startsWith('custom.') || f === 'role') || fields.every((f) => USER_FIELD_NAMES.includes(f))) return 'users';
  return 'user-attributes';
}
