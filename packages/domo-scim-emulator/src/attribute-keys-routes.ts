import { z } from 'zod';
import { ATTRIBUTE_KEYS_PATH } from './contract';
import { EmulatorContext, EmulatorRoute } from './context';
import { keepDroppedFields } from './faults';
import { EmulatorRequest, EmulatorResponse } from './http';
import { badRequest, EmulatorHttpError, notFound } from './scim-errors';
import { SeedAttribute, SeedKeyspace, SeedValueSource } from './seed';

/*
 * Domo's attribute definition API. Its definitions are the catalog SCIM custom-attribute writes
 * check, so a key created or deleted here is accepted or refused by SCIM at once.
 */

/**
 * A definition as the API answers it. `valueSources` is this project's addition: Domo shows the
 * value source (IdP, "Grant: Edit Users", Managed) in Admin > Governance > Attributes but does not
 * document where this API carries it, so the emulator models it as its own field.
 */
function toAttributeDefinition(a: SeedAttribute) {
  return {
    key: a.key,
    keyspace: a.keyspace,
    title: a.title ?? a.key,
    description: a.description ?? '',
    validator: a.validator,
    securityVoter: a.securityVoter,
    valueSources: [...a.valueSources],
  };
}

/** A POST or PUT body; unknown fields are ignored. Omitted fields take their defaults: a PUT replaces. */
const DefinitionBody = z.looseObject({
  key: z.string().optional(),
  keyspace: SeedKeyspace.optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  validator: z.string().min(1).optional(),
  securityVoter: z.string().min(1).optional(),
  valueSources: z.array(SeedValueSource).min(1).optional(),
});
type DefinitionBody = z.infer<typeof DefinitionBody>;

function readBody(req: EmulatorRequest, pathKey: string): DefinitionBody {
  const result = DefinitionBody.safeParse(req.body ?? {});
  if (!result.success) throw badRequest(`Invalid attribute definition for key "${pathKey}":\n${z.prettifyError(result.error)}`);
  const body = result.data;
  if (body.key !== undefined && body.key !== pathKey) {
    throw badRequest(`The body's key "${body.key}" differs from the URL's "${pathKey}": keys cannot be renamed`);
  }
  return body;
}

/** Domo keeps letters and digits only, silently: "store_number" becomes "storenumber". */
function domoKey(key: string): string {
  return key.replace(/[^A-Za-z0-9]/g, '');
}

function listDefinitions(ctx: EmulatorContext): EmulatorResponse {
  // Domo ignores ?issuerTypes=...: clients filter by keyspace themselves.
  return { status: 200, body: ctx.store.listAttributes().map(toAttributeDefinition) };
}

function createDefinition(req: EmulatorRequest, pathKey: string, ctx: EmulatorContext): EmulatorResponse {
  const body = readBody(req, pathKey);
  if (body.keyspace !== undefined && body.keyspace !== 'customer-defined') {
    throw badRequest(`Key "${pathKey}": only customer-defined keys can be created through the API, got keyspace "${body.keyspace}"`);
  }
  const key = domoKey(pathKey);
  if (key === '') throw badRequest(`Key "${pathKey}" has no letters or digits, which are all Domo keeps of a key`);
  if (ctx.store.attribute(key)) throw new EmulatorHttpError(409, `Attribute key "${key}" already exists`);
  const set = keepDroppedFields(req.fault, { next: fields(body), before: fields({}), fields: DEFINITION_FIELDS });
  const created = ctx.store.putAttribute({ ...set, key, keyspace: 'customer-defined', usedBy: [] });
  return { status: 200, body: toAttributeDefinition(created) };
}

function updateDefinition(req: EmulatorRequest, key: string, ctx: EmulatorContext): EmulatorResponse {
  const existing = customerDefined(key, ctx);
  const body = readBody(req, key);
  if (body.keyspace !== undefined && body.keyspace !== existing.keyspace) {
    throw badRequest(`Key "${key}": the keyspace cannot change (it is "${existing.keyspace}", the body says "${body.keyspace}")`);
  }
  const set = keepDroppedFields(req.fault, { next: fields(body), before: existing, fields: DEFINITION_FIELDS });
  const updated = ctx.store.putAttribute({ ...set, key, keyspace: existing.keyspace, usedBy: existing.usedBy });
  return { status: 200, body: toAttributeDefinition(updated) };
}

function deleteDefinition(key: string, ctx: EmulatorContext): EmulatorResponse {
  const existing = customerDefined(key, ctx);
  if (existing.usedBy.length > 0) {
    throw new EmulatorHttpError(
      409,
      `Attribute key "${key}" is used by ${existing.usedBy.join(' and ')}; Domo deletes only keys that no dynamic group or PDP policy uses`,
    );
  }
  ctx.store.deleteAttribute(key);
  return { status: 204 };
}

/** The fields of a definition a write sets, which a `drops-fields` fault can leave as they were. */
const DEFINITION_FIELDS = ['title', 'description', 'validator', 'securityVoter', 'valueSources'] as const;

/** The definition fields a body sets, defaults for the ones it leaves out. */
function fields(body: DefinitionBody) {
  return {
    title: body.title,
    description: body.description,
    validator: body.validator,
    securityVoter: body.securityVoter,
    valueSources: body.valueSources ?? ['managed' as const],
  };
}

/** Keys of the idp and domo-defined keyspaces belong to Domo and the IdP, not to API callers. */
function customerDefined(key: string, ctx: EmulatorContext): SeedAttribute {
  const existing = ctx.store.attribute(key);
  if (!existing) throw notFound(`Attribute key "${key}" is not defined (keys match exactly, case-sensitive)`);
  if (existing.keyspace !== 'customer-defined') {
    throw badRequest(
      `Attribute key "${key}" is in keyspace "${existing.keyspace}": only customer-defined keys can be changed or deleted through the API`,
    );
  }
  return existing;
}

// The path holds no regex metacharacters, so it can be used as a pattern as is.
const LIST = new RegExp(`^${ATTRIBUTE_KEYS_PATH}/?$`);
const ONE = new RegExp(`^${ATTRIBUTE_KEYS_PATH}/([^/]+)$`);

/** Routes on the full instance path, like every route of Domo's non-SCIM APIs. */
export const ATTRIBUTE_KEYS_ROUTES: readonly EmulatorRoute[] = [
  { method: 'GET', pattern: LIST, handle: (_req, _p, ctx) => listDefinitions(ctx) },
  { method: 'POST', pattern: ONE, handle: (req, [key], ctx) => createDefinition(req, key!, ctx) },
  { method: 'PUT', pattern: ONE, handle: (req, [key], ctx) => updateDefinition(req, key!, ctx) },
  { method: 'DELETE', pattern: ONE, handle: (_req, [key], ctx) => deleteDefinition(key!, ctx) },
];
