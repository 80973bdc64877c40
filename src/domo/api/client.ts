import { z } from 'zod';
import { ConfigError } from '../../errors';
import { authHeaders } from '../auth';
import { DomoTransport, type RequestOptions, type TransportSettings } from '../transport';
import { DomoApiError } from '../errors';
import { parseInstanceRoot } from '../url';
import { attributeKeyProblem } from '../../model/identity';
import { ATTRIBUTE_KEYS_PATH, KEYSPACES, ROLES_PATH } from './paths';
import { AttributeDefinitionSchema, RoleSchema, type AttributeDefinition, type Role, type ValueSource } from './schemas';

export interface DomoApiClientOptions extends TransportSettings {
  /** Domo access token. */
  readonly token: string;
  /** @default 'bearer' */
  readonly authScheme?: 'bearer' | 'developer-token';
  /** The instance root, e.g. https://acme.domo.com (see instanceUrlFromScimUrl). */
  readonly instanceUrl: string;
}

export interface ListAttributeDefinitionsOptions {
  /** Only definitions of these keyspaces; the server ignores its own filter, so this one is applied here. @default - every keyspace */
  readonly keyspaces?: readonly string[];
}

/** A customer-defined attribute as created or replaced through the API. */
export interface AttributeDefinitionInput {
  /** Letters and digits only, case-sensitive; cannot be renamed later. */
  readonly key: string;
  /** @default - the key */
  readonly title?: string;
  /** @default '' */
  readonly description?: string;
  /** @default 'ANY_VALUE' */
  readonly validator?: string;
  /** Who sees the values. @default 'FULL_VIS_ADMIN_IDP' */
  readonly securityVoter?: string;
  /** Not documented by Domo for this API (see AttributeDefinitionSchema). @default ['managed'] */
  readonly valueSources?: readonly ValueSource[];
}

const DefinitionList = z.array(AttributeDefinitionSchema);
const RoleList = z.array(RoleSchema);

/**
 * A client of the Domo APIs the SCIM API leaves out: attribute definitions and roles. It sends
 * through a ScimClient rooted at the instance, so retries, timeouts, both auth schemes, the
 * https-except-loopback rule and token redaction are the SCIM client's own.
 */
export class DomoApiClient {
  readonly #transport: DomoTransport;

  constructor(options: DomoApiClientOptions | DomoTransport) {
    if (options instanceof DomoTransport) {
      this.#transport = options;
      return;
    }
    const { instanceUrl, token, authScheme, ...settings } = options;
    this.#transport = new DomoTransport({
      ...settings,
      root: parseInstanceRoot(instanceUrl),
      label: 'Domo API',
      ...authHeaders('Domo API', token, authScheme),
    });
  }

  /** Every definition, or those of `keyspaces`. */
  async listAttributeDefinitions(opts: ListAttributeDefinitionsOptions = {}): Promise<AttributeDefinition[]> {
    const all = await this.#required('GET', ATTRIBUTE_KEYS_PATH, { query: { issuerTypes: KEYSPACES.join(',') }, schema: DefinitionList });
    const wanted = opts.keyspaces === undefined ? undefined : new Set(opts.keyspaces);
    return wanted === undefined ? all : all.filter((d) => wanted.has(d.keyspace));
  }

  /** Creates a customer-defined key; fails (409 or 400) when the key exists. */
  async createAttributeDefinition(def: AttributeDefinitionInput): Promise<AttributeDefinition> {
    const path = keyPath(def.key);
    const body = definitionBody(def);
    const { body: created } = await this.#request('POST', path, { body, schema: AttributeDefinitionSchema });
    return created ?? body;
  }

  /** Replaces title, description, validator, securityVoter and value sources of an existing key; what `def` omits takes its default. */
  async updateAttributeDefinition(def: AttributeDefinitionInput): Promise<AttributeDefinition> {
    const path = keyPath(def.key);
    const body = definitionBody(def);
    const { body: updated } = await this.#request('PUT', path, { body, schema: AttributeDefinitionSchema });
    return updated ?? body;
  }

  /**
   * Deletes a key and every user's values for it. Domo refuses while a dynamic group or a PDP
   * policy uses the key: the DomoApiError then carries Domo's reason in its message and detail.
   */
  async deleteAttributeDefinition(key: string): Promise<void> {
    await this.#request('DELETE', keyPath(key), {});
  }

  /** The system roles and the custom ones. */
  listRoles(): Promise<Role[]> {
    return this.#required('GET', ROLES_PATH, { schema: RoleList });
  }

  /** Closes the dispatcher if the client created it; an injected one belongs to the caller. */
  close(): Promise<void> {
    return this.#transport.close();
  }

  #request<T>(method: string, path: string, opts: RequestOptions<T>): Promise<{ status: number; body: T | undefined }> {
    return this.#transport.request(method, path, opts);
  }

  async #required<T>(method: string, path: string, opts: RequestOptions<T>): Promise<T> {
    const { status, body } = await this.#request(method, path, opts);
    if (body !== undefined) return body;
    throw new DomoApiError({
      method,
      path,
      status,
      message: `Domo API ${method} ${path} returned ${status} with an empty body where a list was expected`,
    });
  }
}

/** Domo silently drops every character of a key but letters and digits, which would create another key than asked for. */
function keyPath(key: string): string {
  const problem = typeof key === 'string' ? attributeKeyProblem(key) : `${JSON.stringify(key)} is not a string`;
  if (problem !== undefined) throw new ConfigError(`Attribute key ${problem}`);
  return `${ATTRIBUTE_KEYS_PATH}/${encodeURIComponent(key)}`;
}

function definitionBody(def: AttributeDefinitionInput): AttributeDefinition {
  return {
    key: def.key,
    keyspace: 'customer-defined',
    title: def.title ?? def.key,
    description: def.description ?? '',
    validator: def.validator ?? 'ANY_VALUE',
    securityVoter: def.securityVoter ?? 'FULL_VIS_ADMIN_IDP',
    valueSources: [...(def.valueSources ?? ['managed'])],
  };
}
