import { EmulatorContext, EmulatorRoute } from './context';
import { FilterNode, matchesFilter, parseFilter } from './filter';
import { MANAGE_ALL_GROUPS, requireGrant } from './grants';
import { GROUP_EXTENSIONS, toScimGroup } from './group-resource';
import { keepDroppedFields } from './faults';
import { applyGroupPatch } from './group-patch';
import { assertUniqueName, readScimGroup } from './group-writes';
import { EmulatorRequest, EmulatorResponse } from './http';
import { listPage } from './list-response';
import { AttributeSelection, parseAttributeSelection, projectAttributes, selectsAttribute } from './projection';
import { notFound } from './scim-errors';
import { SeedGroup } from './seed';
import { ScimResource } from './user-resource';

/** Group names compare case-insensitively, like their uniqueness; so do member userNames. */
const MATCH_OPTIONS = { caseInsensitive: new Set(['displayname', 'domodisplayname', 'members.display']), schemas: [...GROUP_EXTENSIONS] };

/** Directory groups only: Domo's SCIM API neither lists nor finds any other kind. */
const ROUTES: readonly EmulatorRoute[] = [
  { method: 'GET', pattern: /^\/Groups\/?$/, handle: (req, _p, ctx) => listGroups(req, ctx) },
  { method: 'POST', pattern: /^\/Groups\/?$/, handle: (req, _p, ctx) => createGroup(req, ctx) },
  { method: 'GET', pattern: /^\/Groups\/([^/]+)$/, handle: (req, [id], ctx) => respond(req, existing(id!, ctx), ctx) },
  { method: 'PUT', pattern: /^\/Groups\/([^/]+)$/, handle: (req, [id], ctx) => replaceGroup(req, id!, ctx) },
  { method: 'PATCH', pattern: /^\/Groups\/([^/]+)$/, handle: (req, [id], ctx) => patchGroup(req, id!, ctx) },
  { method: 'DELETE', pattern: /^\/Groups\/([^/]+)$/, handle: (_req, [id], ctx) => deleteGroup(id!, ctx) },
];

/** Every group request, reads included, needs Manage All Groups: the contract names no group call without it. */
export const GROUPS_ROUTES: readonly EmulatorRoute[] = ROUTES.map((route) => ({
  ...route,
  handle: (req, params, ctx) => {
    requireGrant(ctx.store, MANAGE_ALL_GROUPS, 'read or manage groups');
    return route.handle(req, params, ctx);
  },
}));

function render(group: SeedGroup, ctx: EmulatorContext, selection: AttributeSelection): ScimResource {
  const meta = ctx.store.groupMeta(group.id) ?? { created: '', lastModified: '' };
  const resource = toScimGroup(group, meta, {
    location: `${ctx.scimUrl}/Groups/${group.id}`,
    includeMembers: selectsAttribute(selection, 'members'),
    userNameOf: (id) => ctx.store.userNameOf(id),
  });
  return projectAttributes(resource, selection, GROUP_EXTENSIONS);
}

function respond(req: EmulatorRequest, group: SeedGroup, ctx: EmulatorContext, status = 200): EmulatorResponse {
  return { status, body: render(group, ctx, parseAttributeSelection(req.query)) };
}

function existing(id: string, ctx: EmulatorContext): SeedGroup {
  const group = ctx.store.getGroup(id);
  if (!group) throw notFound(`Group ${id} not found`);
  return group;
}

function listGroups(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const selection = parseAttributeSelection(req.query);
  let groups: SeedGroup[];
  if (req.query['filter'] !== undefined) {
    const filter = parseFilter(req.query['filter']);
    const byName = displayNameEquals(filter);
    // Members are rendered for matching only when the filter looks at them.
    const full: AttributeSelection = { all: true, ...(mentions(filter, 'members') ? {} : { excluded: ['members'] }) };
    groups =
      byName !== undefined
        ? [ctx.store.findGroupByDisplayName(byName)].filter((g): g is SeedGroup => g !== undefined)
        : ctx.store.listGroups().filter((g) => matchesFilter(filter, render(g, ctx, full), MATCH_OPTIONS));
  } else {
    groups = ctx.store.listGroups();
  }
  return listPage(groups, req.query, ctx.maxPageSize, (g) => render(g, ctx, selection));
}

/** `displayName eq "x"` is answered from the store's index instead of a scan of every group. */
function displayNameEquals(filter: FilterNode): string | undefined {
  return filter.op === 'eq' && filter.attrPath.toLowerCase() === 'displayname' && typeof filter.value === 'string'
    ? filter.value
    : undefined;
}

/** Does any attribute path in the filter start with `name`? */
function mentions(filter: FilterNode, name: string): boolean {
  switch (filter.op) {
    case 'and':
    case 'or':
      return mentions(filter.left, name) || mentions(filter.right, name);
    case 'not':
      return mentions(filter.filter, name);
    default:
      return filter.attrPath.toLowerCase().split('.')[0] === name;
  }
}

/** What a group write sets that a `drops-fields` fault can leave as it was; a create always keeps the name a group needs. */
const GROUP_FIELDS = ['displayName', 'domoDisplayName', 'description'] as const;
const CREATED_GROUP_FIELDS = ['domoDisplayName', 'description'] as const;

function createGroup(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const fields = keepDroppedFields(req.fault, { next: readScimGroup(ctx.store, req.body), before: {}, fields: CREATED_GROUP_FIELDS });
  assertUniqueName(ctx.store, fields.displayName, undefined);
  const group = ctx.store.putGroup({ ...fields, id: ctx.store.nextGroupId() });
  const response = respond(req, group, ctx, 201);
  return { ...response, headers: { location: `${ctx.scimUrl}/Groups/${group.id}` } };
}

/** A replace: displayName, the Domo extension and members are all set; what is not sent is cleared. */
function replaceGroup(req: EmulatorRequest, id: string, ctx: EmulatorContext): EmulatorResponse {
  const before = existing(id, ctx);
  const fields = keepDroppedFields(req.fault, { next: readScimGroup(ctx.store, req.body), before, fields: GROUP_FIELDS });
  assertUniqueName(ctx.store, fields.displayName, id);
  return respond(req, ctx.store.putGroup({ ...fields, id }), ctx);
}

/** Domo may answer 204; the emulator answers 200 with the group, which RFC 7644 also allows. */
function patchGroup(req: EmulatorRequest, id: string, ctx: EmulatorContext): EmulatorResponse {
  const before = existing(id, ctx);
  const group = keepDroppedFields(req.fault, { next: applyGroupPatch(ctx.store, before, req.body), before, fields: GROUP_FIELDS });
  assertUniqueName(ctx.store, group.displayName, id);
  return respond(req, ctx.store.putGroup(group), ctx);
}

function deleteGroup(id: string, ctx: EmulatorContext): EmulatorResponse {
  existing(id, ctx);
  ctx.store.deleteGroup(id);
  return { status: 204 };
}
