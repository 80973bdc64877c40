import { Construct } from 'constructs';
import type { TerraformResource } from '../../cdk';
import { userKey, userNameProblem, groupKey } from '../../model/identity';
import { type DesiredGroup, type MembershipMode } from './model';
import type { RetainOrDelete } from '../../model/kind';
import { directoryGroupsManifest } from './manifest';
import type { BackingResource } from '../../constructs/backing';
import { renderKind } from '../../constructs/render';
import { validateScim, type ScimTarget } from '../../constructs/scim-target';
import * as errors from './errors';
import { removalGuardOf, type RemovalGuardProps } from '../../constructs/removal-guard';

export interface DirectoryGroupOptions extends RemovalGuardProps {
  /** The Domo SCIM endpoint. The token is never configuration: handlers read DOMO_SCIM_TOKEN. */
  readonly scim: ScimTarget;
  /**
   * `authoritative`: members not listed are removed, including members added by hand in Domo.
   * `additive`: listed members are added and nobody is ever removed.
   * @default 'authoritative'
   */
  readonly membership?: MembershipMode;
  /**
   * What happens in Domo to a group that leaves the data.
   * @default 'retain' - the group stays in Domo untouched; 'delete' deletes it
   */
  readonly removalPolicy?: RetainOrDelete;
  /** userNames that members must come from (e.g. the roster); a member outside it fails synth. @default - not checked */
  readonly knownUsers?: readonly string[];
  /** @default 'terraform_data' */
  readonly backing?: BackingResource;
}

export interface DomoDirectoryGroupsProps extends DirectoryGroupOptions {
  /** The groups, e.g. `deriveGroups(readCsvFile(...), { groupBy: 'franchise', ... })`. */
  readonly groups: readonly DesiredGroup[];
}

/**
 * Directory groups with their members, one Terraform instance per group. The plan shows one
 * `+`/`-` line per member who joins or leaves and changed fields old -> new; a group keeps its
 * Domo id across changes, so content shared with it stays shared.
 */
export class DomoDirectoryGroups extends Construct {
  /** The `for_each` resource block holding one instance per group. */
  readonly resource: TerraformResource;
  /** Manifest folder relative to the stack folder, as the handlers see it. */
  readonly manifestPath: string;
  readonly manifest: GroupsConstructSettings;

  constructor(scope: Construct, id: string, props: DomoDirectoryGroupsProps) {
    super(scope, id);
    const rendered = renderGroups(this, `DomoDirectoryGroups "${this.node.path}"`, props.groups, props);
    this.resource = rendered.resource;
    this.manifestPath = rendered.manifestPath;
    this.manifest = rendered.manifest;
  }
}

/** The settings and groups a directory-groups construct renders. */
export interface GroupsConstructSettings {
  readonly constructPath: string;
  readonly membership: MembershipMode;
  readonly removalPolicy: RetainOrDelete;
  readonly groups: readonly DesiredGroup[];
}

/** Shared by DomoDirectoryGroups and DomoDirectoryGroup: validation, then the one rendering path. */
export function renderGroups(scope: Construct, name: string, groups: readonly DesiredGroup[], options: DirectoryGroupOptions) {
  const validated = validateGroups(name, groups, options.knownUsers);
  const scim = validateScim(name, options.scim);
  const manifest: GroupsConstructSettings = {
    constructPath: scope.node.path,
    membership: options.membership ?? 'authoritative',
    removalPolicy: options.removalPolicy ?? 'retain',
    groups: validated,
  };
  const { resource, manifestPath } = renderKind(scope, {
    kind: directoryGroupsManifest,
    scim,
    backing: options.backing,
    construct: () => ({
      kind: 'directory-groups',
      constructPath: manifest.constructPath,
      scim,
      membership: manifest.membership,
      removalPolicy: manifest.removalPolicy,
      ...removalGuardOf(name, options),
      desiredGroups: validated.map((g) => groupKey(g.displayName)),
    }),
    instances: new Map(validated.map((group) => [group.displayName, { group }])),
  });
  return { resource, manifestPath, manifest };
}

function validateGroups(name: string, groups: readonly DesiredGroup[], knownUsers: readonly string[] | undefined): DesiredGroup[] {
  const known = knownUsers ? new Set(knownUsers.map(userKey)) : undefined;
  const seen = new Map<string, string>();
  return groups.map((group, index) => {
    const displayName = group.displayName.trim();
    if (displayName.length === 0) throw errors.emptyGroupName(name, index);
    const existing = seen.get(groupKey(displayName));
    if (existing !== undefined) throw errors.duplicateGroup(name, existing, displayName);
    seen.set(groupKey(displayName), displayName);
    if (group.domoDisplayName !== undefined && group.domoDisplayName.trim() === '')
      throw errors.emptyGroupField(name, displayName, 'domoDisplayName');
    if (group.description !== undefined && group.description.trim() === '') throw errors.emptyGroupField(name, displayName, 'description');
    const members = new Map<string, string>();
    for (const [position, raw] of group.members.entries()) {
      const member = raw.trim();
      if (member.length === 0) throw errors.emptyMember(name, displayName, position);
      const problem = userNameProblem(member);
      if (problem !== undefined) throw errors.invalidMember(name, displayName, problem);
      const first = members.get(userKey(member));
      if (first !== undefined) throw errors.duplicateMember(name, displayName, first, member);
      if (known && !known.has(userKey(member))) throw errors.unknownMember(name, displayName, member);
      members.set(userKey(member), member);
    }
    return {
      displayName,
      ...(group.domoDisplayName !== undefined ? { domoDisplayName: group.domoDisplayName } : {}),
      ...(group.description !== undefined ? { description: group.description } : {}),
      members: [...members.values()].sort((a, b) => (userKey(a) < userKey(b) ? -1 : 1)),
    };
  });
}
