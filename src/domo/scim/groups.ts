import { ConfigError } from '../../errors';
import type { ScimClient } from './client';
import { ScimError } from '../errors';
import { displayNameFilter } from './filter';
import type { GroupPatchOperation } from './group-operations';
import { ScimGroupSchema, type ScimGroup, type ScimGroupWrite } from './schemas';
import { CORE_GROUP, DOMO_GROUP, PATCH_OP } from './urns';

/*
 * Group calls, as functions of a client so client.ts stays about transport; ScimClient exposes
 * each as a method of the same name.
 */

export interface GroupListOptions {
  /** A SCIM filter. Domo does not document group filtering: prefer findGroupByDisplayName, which falls back. */
  readonly filter?: string;
  /** Ask for `excludedAttributes=members`, so a listing does not carry every member of every group. */
  readonly excludeMembers?: boolean;
  /** @default 200 */
  readonly pageSize?: number;
}

export interface GetGroupOptions {
  /** Ask for `excludedAttributes=members`. @default false */
  readonly excludeMembers?: boolean;
}

/** Statuses with which a server refuses a group filter it does not support. */
const FILTER_REFUSED: ReadonlySet<number> = new Set([400, 403, 404, 501]);

/** Clients whose server refused the displayName filter once: later lookups go straight to the listing. */
const filterRefused = new WeakSet<ScimClient>();

export function listGroups(client: ScimClient, opts: GroupListOptions = {}): AsyncGenerator<ScimGroup[], void, undefined> {
  return client.listResources('/Groups', ScimGroupSchema, {
    filter: opts.filter,
    pageSize: opts.pageSize,
    excludedAttributes: opts.excludeMembers ? ['members'] : undefined,
  });
}

export async function getGroup(client: ScimClient, id: string, opts: GetGroupOptions = {}): Promise<ScimGroup> {
  const path = groupPath(id);
  const { body } = await client.request('GET', path, {
    query: opts.excludeMembers ? { excludedAttributes: 'members' } : undefined,
    schema: ScimGroupSchema,
  });
  return required('GET', path, body);
}

/**
 * The group whose displayName equals `displayName` ignoring case, without its members (call
 * getGroup for those). Tries `filter=displayName eq "..."`; when the server refuses it (400, 403,
 * 404, 501) it pages through every group instead. Matching is always done here, so a server that
 * ignores the filter and lists every group still yields the right one, or none.
 */
export async function findGroupByDisplayName(client: ScimClient, displayName: string): Promise<ScimGroup | undefined> {
  if (!filterRefused.has(client)) {
    try {
      return await firstNamed(listGroups(client, { filter: displayNameFilter(displayName), excludeMembers: true }), displayName);
    } catch (e) {
      if (!(e instanceof ScimError) || e.status === undefined || !FILTER_REFUSED.has(e.status)) throw e;
      filterRefused.add(client);
    }
  }
  return firstNamed(listGroups(client, { excludeMembers: true }), displayName);
}

async function firstNamed(pages: AsyncGenerator<ScimGroup[], void, undefined>, displayName: string): Promise<ScimGroup | undefined> {
  const wanted = displayName.toLowerCase();
  for await (const page of pages) {
    const match = page.find((g) => g.displayName.toLowerCase() === wanted);
    // Returning out of for-await closes the generator: no further page is requested.
    if (match) return match;
  }
  return undefined;
}

export async function createGroup(client: ScimClient, body: ScimGroupWrite): Promise<ScimGroup> {
  const res = await client.request('POST', '/Groups', { body: withGroupSchemas(body), schema: ScimGroupSchema });
  return required('POST', '/Groups', res.body);
}

/** Replaces displayName, the Domo extension and members: members left out are removed. */
export async function replaceGroup(client: ScimClient, id: string, body: ScimGroupWrite): Promise<ScimGroup> {
  const path = groupPath(id);
  const res = await client.request('PUT', path, { body: withGroupSchemas(body), schema: ScimGroupSchema });
  return required('PUT', path, res.body);
}

/**
 * Applies Domo's restricted group PatchOp (see memberOperations for member batches). Resolves
 * undefined when the server answers 204, or when there is nothing to send.
 */
export async function patchGroup(
  client: ScimClient,
  id: string,
  operations: readonly GroupPatchOperation[],
): Promise<ScimGroup | undefined> {
  const path = groupPath(id);
  operations.forEach((o, i) => {
    // The type already requires a path; this catches untyped callers before Domo does.
    const given: unknown = o.path;
    if (typeof given !== 'string' || given === '') {
      throw new ConfigError(`group PATCH operations[${i}] has no "path": Domo requires one on every group operation (see GROUP_PATHS)`);
    }
  });
  if (operations.length === 0) return undefined;
  const res = await client.request('PATCH', path, { body: { schemas: [PATCH_OP], Operations: operations }, schema: ScimGroupSchema });
  return res.body;
}

/** Retried deletes may answer 404 once the first attempt went through. */
export async function deleteGroup(client: ScimClient, id: string): Promise<void> {
  await client.request('DELETE', groupPath(id));
}

function groupPath(id: string): string {
  if (typeof id !== 'string' || id.trim() === '')
    throw new ConfigError(`SCIM group id must be a non-empty string, got ${JSON.stringify(id)}`);
  return `/Groups/${encodeURIComponent(id)}`;
}

function required(method: string, path: string, body: ScimGroup | undefined): ScimGroup {
  if (body !== undefined) return body;
  throw new ScimError({ method, path, message: `SCIM ${method} ${path} returned an empty body where a group was expected` });
}

/** Declares the core schema plus the Domo extension when its block is present, as SCIM requires. */
function withGroupSchemas(body: ScimGroupWrite): ScimGroupWrite {
  if (body.schemas !== undefined) return body;
  return { ...body, schemas: body[DOMO_GROUP] === undefined ? [CORE_GROUP] : [CORE_GROUP, DOMO_GROUP] };
}
