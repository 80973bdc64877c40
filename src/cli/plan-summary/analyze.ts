import type { KindDefinition } from '../../kinds/kind';
import { KINDS } from '../../kinds/registry';
import type { CurrentValues } from './current';
import type { PoliciesSection } from './policies';
import type { ConstructManifest, ConstructManifests } from './manifests';
import { isChanged, readPlan, type InstanceChange, type ResourceBlock } from './plan-json';

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

/** Sections in the registry's order of kinds, other resources last. */
const order = (s: Section) => (s.kind === 'other' ? KINDS.length : KINDS.findIndex((k) => k.name === s.kind));

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
    sections.push(kind.planSection({ instances: block.instances, changed, ...(manifest ? { manifest } : {}), info }));
  }
  if (other.length > 0) sections.push({ kind: 'other', resources: other });
  return sections.sort((a, b) => order(a) - order(b) || labelOf(a).localeCompare(labelOf(b)));
}

const labelOf = (s: Section) => (s.kind === 'other' ? '' : s.label);

/** Instances the plan creates get Domo's current values as their old side. */
function withCurrentValues(block: ResourceBlock, kind: KindDefinition, current: CurrentValues): ResourceBlock {
  return {
    ...block,
    instances: block.instances.map((i) => {
      if (i.before !== null || i.after === null) return i;
      const before = current.before(kind.name, i.after);
      return before === null ? i : { ...i, before, fromDomo: true };
    }),
  };
}

/** Which construct kind a resource block is (undefined: not one of this package's), and its manifest when known. */
export function blockKind(block: ResourceBlock, manifests: ConstructManifests): { kind?: KindDefinition; manifest?: ConstructManifest } {
  const manifest = manifestOf(block, manifests);
  const name = block.handlerKind ?? manifest?.kind;
  const kind = name !== undefined ? KINDS.find((k) => k.name === name) : kindByShape(block);
  return { ...(kind ? { kind } : {}), ...(manifest ? { manifest } : {}) };
}

/** By the handler arguments' manifest folder, else by the construct id ending the manifest's construct path. */
function manifestOf(block: ResourceBlock, manifests: ConstructManifests): ConstructManifest | undefined {
  if (block.manifestPath !== undefined) return manifests[block.manifestPath];
  const label = block.name.replace(/_[0-9A-F]{8}$/, '');
  const matches = Object.values(manifests).filter((m) => m.constructPath?.split('/').pop() === label);
  return matches.length === 1 ? matches[0] : undefined;
}

/** Without the handler arguments or a manifest: the first kind, in the registry's order, whose trigger keys these are. */
function kindByShape(block: ResourceBlock): KindDefinition | undefined {
  if (block.type !== 'terraform_data' && block.type !== 'null_resource') return undefined;
  const keys = new Set<string>();
  for (const i of block.instances) for (const map of [i.before, i.after]) for (const k of map?.keys() ?? []) keys.add(k);
  return keys.size === 0 ? undefined : KINDS.find((k) => k.recognize(keys));
}
