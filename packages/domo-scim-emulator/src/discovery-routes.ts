import { CORE_GROUP, CORE_USER, CUSTOM_USER, DOMO_GROUP, DOMO_USER, ENTERPRISE_USER, LIST_RESPONSE } from './contract';
import { EmulatorContext, EmulatorRoute } from './context';
import { notFound } from './scim-errors';

const SPC = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

type Attr = Record<string, unknown>;

function attr(name: string, type = 'string', extra: Attr = {}): Attr {
  return {
    name,
    type,
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...extra,
  };
}

function multi(name: string, subAttributes: Attr[]): Attr {
  return attr(name, 'complex', { multiValued: true, subAttributes });
}

const valueType = [attr('value'), attr('type'), attr('primary', 'boolean')];

/** Minimal schema documents: enough for a client to discover what Domo accepts. */
const SCHEMAS: readonly { id: string; name: string; attributes: Attr[] }[] = [
  {
    id: CORE_USER,
    name: 'User',
    attributes: [
      attr('userName', 'string', { required: true, uniqueness: 'server' }),
      attr('displayName'),
      attr('active', 'boolean'),
      attr('title'),
      attr('locale'),
      attr('timezone'),
      multi('emails', valueType),
      multi('phoneNumbers', valueType),
      multi('roles', [attr('value'), attr('display')]),
      multi('groups', [attr('value'), attr('display')]),
    ],
  },
  {
    id: ENTERPRISE_USER,
    name: 'EnterpriseUser',
    attributes: [
      attr('employeeNumber'),
      attr('department'),
      attr('organization'),
      attr('manager', 'complex', { subAttributes: [attr('value')] }),
    ],
  },
  { id: DOMO_USER, name: 'DomoUser', attributes: [attr('hireDate'), attr('employeeLocation')] },
  {
    id: CUSTOM_USER,
    name: 'CustomUser',
    attributes: [
      multi('customAttributes', [
        attr('key', 'string', { caseExact: true }),
        attr('values', 'string', { multiValued: true, caseExact: true }),
      ]),
    ],
  },
  {
    id: CORE_GROUP,
    name: 'Group',
    attributes: [
      attr('displayName', 'string', { required: true, uniqueness: 'server' }),
      multi('members', [attr('value'), attr('display'), attr('$ref', 'reference')]),
    ],
  },
  { id: DOMO_GROUP, name: 'DomoGroup', attributes: [attr('domoDisplayName'), attr('description')] },
];

function schemaDoc(s: (typeof SCHEMAS)[number], ctx: EmulatorContext) {
  return { schemas: [SCHEMA], ...s, meta: { resourceType: 'Schema', location: `${ctx.scimUrl}/Schemas/${s.id}` } };
}

export const DISCOVERY_ROUTES: readonly EmulatorRoute[] = [
  {
    method: 'GET',
    pattern: /^\/ServiceProviderConfig\/?$/,
    handle: (_req, _p, ctx) => ({
      status: 200,
      body: {
        schemas: [SPC],
        patch: { supported: true },
        bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
        filter: { supported: true, maxResults: ctx.maxPageSize },
        changePassword: { supported: false },
        sort: { supported: true },
        etag: { supported: false },
        authenticationSchemes: [
          {
            type: 'oauthbearertoken',
            name: 'Bearer token',
            description: 'Authorization: Bearer <token> or X-Domo-Developer-Token: <token>',
          },
        ],
        meta: { resourceType: 'ServiceProviderConfig', location: `${ctx.scimUrl}/ServiceProviderConfig` },
      },
    }),
  },
  {
    method: 'GET',
    pattern: /^\/Schemas\/?$/,
    handle: (_req, _p, ctx) => ({
      status: 200,
      body: {
        schemas: [LIST_RESPONSE],
        totalResults: SCHEMAS.length,
        startIndex: 1,
        itemsPerPage: SCHEMAS.length,
        Resources: SCHEMAS.map((s) => schemaDoc(s, ctx)),
      },
    }),
  },
  {
    method: 'GET',
    pattern: /^\/Schemas\/([^/]+)$/,
    handle: (_req, [id], ctx) => {
      // Accepts the schema URN (RFC 7644) or its short name ("User").
      const s = SCHEMAS.find((x) => x.id === id || x.name.toLowerCase() === id!.toLowerCase());
      if (!s) throw notFound(`Schema ${id} not found`);
      return { status: 200, body: schemaDoc(s, ctx) };
    },
  },
];
