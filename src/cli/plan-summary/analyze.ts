import { userKey } from '../../model/identity';
import { USER_FIELDS } from '../../model/users';
import { MEMBER_TRIGGER_PREFIX } from '../../model/directory-groups';
import type { CurrentValues } from './current';
import { isPolicyTriggerMap } from '../../model/pdp-policies';
import { analyzePolicies, type PoliciesSection } from './policies';
import type { ConstructManifest, ConstructManifests } from './manifests';
import {
  CONSTRUCT_KINDS,
  isChanged,
  readPlan,
  type ConstructKind,
  type InstanceChange,
  type ResourceBlock,
  type Triggers,
} from './plan-json';

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
    if (kind === 'users' || kind === 'user-attributes') sections.push(analyzeUsers(kind, block.instances, info));
    else if (kind === 'directory-groups') sections.push(analyzeGroups(changed, manifest, info));
    else if (kind === 'pdp-policies') sections.push(analyzePolicies(changed, info));
    else sections.push(analyzeDefinitions(changed, info));
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

interface UserValues {
  userName: string;
  values: Map<string, string>;
}

/** `<userName>/<key>` maps of instances, merged per user (case-insensitive userName). */
function usersOf(maps: ReadonlyArray<Triggers | null>): Map<string, UserValues> {
  const users = new Map<string, UserValues>();
  for (const map of maps) {
    for (const [k, v] of map ?? []) {
      const at = k.lastIndexOf('/');
      if (at <= 0) continue;
      const userName = k.slice(0, at);
      let user = users.get(userKey(userName));
      if (!user) users.set(userKey(userName), (user = { userName, values: new Map() }));
      user.values.set(k.slice(at + 1), v);
    }
  }
  return users;
}

/** users: USER_FIELDS order, then custom.* keys; user-attributes: by key. */
function fieldOrder(kind: UsersSection['kind']) {
  return (a: string, b: string) => {
    const rank = (k: string) => (kind === 'users' && USER_FIELD_NAMES.includes(k) ? USER_FIELD_NAMES.indexOf(k) : USER_FIELD_NAMES.length);
    return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
  };
}

const byKey = <T>(entries: Iterable<[string, T]>) => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

function analyzeUsers(
  kind: UsersSection['kind'],
  instances: readonly InstanceChange[],
  info: (reruns: number) => ConstructInfo,
): UsersSection {
  const changedInstances = instances.filter(isChanged);
  const before = usersOf(changedInstances.map((i) => i.before));
  const after = usersOf(changedInstances.map((i) => i.after));
  // Unchanged instances too: a user is leaving only when no instance of the construct has them after.
  const stillDesired = new Set<string>();
  for (const i of instances)
    for (const k of i.after?.keys() ?? []) if (k.lastIndexOf('/') > 0) stillDesired.add(userKey(k.slice(0, k.lastIndexOf('/'))));
  // An attribute without a value and an absent one are the same in Domo; a users field that is absent is not managed.
  const norm = (v: string | undefined) => (kind === 'user-attributes' ? (v ?? '') : v);
  const order = fieldOrder(kind);

  const changed: Array<[string, UserChange]> = [];
  const created: Array<[string, UserChange]> = [];
  for (const [id, user] of after) {
    const old = before.get(id);
    if (!old) {
      const changes = [...user.values].filter(([, v]) => v !== '').map(([key, v]) => ({ key, after: v }));
      created.push([id, { userName: user.userName, changes: changes.sort((a, b) => order(a.key, b.key)) }]);
      continue;
    }
    const keys = [...new Set([...old.values.keys(), ...user.values.keys()])].sort(order);
    const changes: ValueChange[] = [];
    for (const key of keys) {
      const b = norm(old.values.get(key));
      const a = norm(user.values.get(key));
      if (a !== b) changes.push({ key, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}) });
    }
    if (old.userName !== user.userName) changes.unshift({ key: 'userName', before: old.userName, after: user.userName });
    if (changes.length > 0) changed.push([id, { userName: user.userName, changes }]);
  }
  const leaving = byKey(
    [...before].filter(([id]) => !stillDesired.has(id) && !after.has(id)).map(([id, u]) => [id, u.userName] as [string, string]),
  );
  const reruns = changedInstances.filter((i) => !i.fromDomo && i.before !== null && i.after !== null && sameMap(i.before, i.after)).length;
  return { kind, ...info(reruns), changed: byKey(changed), created: byKey(created), leaving };
}

function sameMap(a: Triggers, b: Triggers): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function splitGroup(map: Triggers | null): { fields: Map<string, string>; members: Map<string, string> } {
  const fields = new Map<string, string>();
  const members = new Map<string, string>();
  for (const [k, v] of map ?? []) {
    if (k.startsWith(MEMBER_TRIGGER_PREFIX)) {
      const member = k.slice(MEMBER_TRIGGER_PREFIX.length);
      members.set(userKey(member), member);
    } else fields.set(k, v);
  }
  return { fields, members };
}

function fieldChanges(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, skip: readonly string[]): ValueChange[] {
  const keys = [...new Set([...before.keys(), ...after.keys()])].filter((k) => !skip.includes(k));
  const changes: ValueChange[] = [];
  for (const key of keys) {
    const b = before.get(key);
    const a = after.get(key);
    if (a !== b) changes.push({ key, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}) });
  }
  return changes;
}

const statusOf = (i: InstanceChange): 'created' | 'changed' | 'removed' =>
  i.before === null ? 'created' : i.after === null ? 'removed' : 'changed';

function analyzeGroups(
  changed: readonly InstanceChange[],
  manifest: ConstructManifest | undefined,
  info: (reruns: number) => ConstructInfo,
): GroupsSection {
  const groups: Array<[string, GroupChange]> = [];
  let reruns = 0;
  for (const instance of changed) {
    const status = statusOf(instance);
    const before = splitGroup(instance.before);
    const after = splitGroup(instance.after);
    const displayName = after.fields.get('displayName') ?? before.fields.get('displayName') ?? instance.key;
    const membership = after.fields.get('membership') ?? before.fields.get('membership') ?? manifest?.membership;
    const fields = fieldChanges(before.fields, after.fields, status === 'changed' ? ['displayName'] : ['displayName', 'membership']);
    const joining = byKey([...after.members].filter(([id]) => !before.members.has(id)));
    const leaving = status === 'removed' ? [] : byKey([...before.members].filter(([id]) => !after.members.has(id)));
    if (status === 'changed' && fields.length + joining.length + leaving.length === 0) {
      if (!instance.fromDomo) reruns++;
      continue;
    }
    groups.push([
      `${status === 'created' ? 0 : status === 'changed' ? 1 : 2}${displayName.toLowerCase()}`,
      {
        displayName,
        status,
        fields: status === 'removed' ? [] : fields,
        joining,
        leaving,
        ...(membership !== undefined ? { membership } : {}),
        membersBefore: before.members.size,
        membersAfter: after.members.size,
      },
    ]);
  }
  return {
    kind: 'directory-groups',
    ...info(reruns),
    ...(manifest?.membership !== undefined ? { membership: manifest.membership } : {}),
    groups: byKey(groups),
  };
}

function analyzeDefinitions(changed: readonly InstanceChange[], info: (reruns: number) => ConstructInfo): DefinitionsSection {
  const definitions: Array<[string, DefinitionChange]> = [];
  let reruns = 0;
  for (const instance of changed) {
    const status = statusOf(instance);
    const key = instance.after?.get('key') ?? instance.before?.get('key') ?? instance.key;
    const all = status === 'removed' ? [] : fieldChanges(instance.before ?? new Map(), instance.after ?? new Map(), ['key']);
    // A new definition's empty fields (no description) say nothing.
    const fields = status === 'created' ? all.filter((f) => f.after !== '') : all;
    if (status === 'changed' && fields.length === 0) {
      reruns++;
      continue;
    }
    definitions.push([`${status === 'created' ? 0 : status === 'changed' ? 1 : 2}${key}`, { key, status, fields }]);
  }
  return { kind: 'custom-attributes', ...info(reruns), definitions: byKey(definitions) };
}
