import { CORE_GROUP, DOMO_GROUP } from './contract';
import { ResourceMeta } from './resource-table';
import { SeedGroup } from './seed';
import { ScimResource } from './user-resource';

/** Every schema a Domo group carries. */
export const GROUP_SCHEMAS = [CORE_GROUP, DOMO_GROUP] as const;

/** Schemas whose attributes appear in a block keyed by the schema URN. */
export const GROUP_EXTENSIONS = [DOMO_GROUP] as const;

export interface ToScimGroupOptions {
  /** Absolute URL of the resource, for meta.location. */
  readonly location: string;
  /** false leaves `members` out entirely: a listing need not build 20,000 members it will not send. */
  readonly includeMembers: boolean;
  /** A member's userName, shown as its `display`. */
  readonly userNameOf: (id: string) => string | undefined;
}

/** The SCIM representation of a directory group; attributes without a value are left out. */
export function toScimGroup(group: SeedGroup, meta: ResourceMeta, options: ToScimGroupOptions): ScimResource {
  const domo = compact({ domoDisplayName: group.domoDisplayName, description: group.description });
  const resource: ScimResource = { schemas: [...GROUP_SCHEMAS], id: group.id, displayName: group.displayName };
  if (options.includeMembers) resource['members'] = group.members.map((id) => compact({ value: id, display: options.userNameOf(id) }));
  if (Object.keys(domo).length > 0) resource[DOMO_GROUP] = domo;
  resource['meta'] = { resourceType: 'Group', created: meta.created, lastModified: meta.lastModified, location: options.location };
  return resource;
}

function compact(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== ''));
}
