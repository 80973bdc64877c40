import { z } from 'zod';
import { ConfigError } from '../../errors';
import { authHeaders } from '../auth';
import { DomoTransport } from '../transport';
import type { RequestOptions, TransportSettings } from '../transport-options';
import { parseInstanceRoot } from '../url';
import { attributeKeyProblem } from '../../model/identity';
import { ATTRIBUTE_KEYS_PATH, KEYSPACES } from './paths';
import { requiredBody } from './required';
import { AuthoritiesApi, RolesApi } from './roles';
import { AttributeDefinitionSchema, type AttributeDefinition, type ValueSource } from './schemas';

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

/**
 * A client of the Domo APIs the SCIM API leaves out: attribute definitions, roles (`roles`) and
 * grants (`authorities`). It sends through one DomoTransport rooted at the instance, so retries,
 * the throttle, timeouts, both auth schemes, the https-except-loopback rule and token redaction
 * are the transport's own.
 */
export class DomoApiClient {
  readonly #transport: DomoTransport;
  /** The Roles Governance API's roles: list, get, create, delete, and the grants each holds. */
  readonly roles: RolesApi;
  /** Every grant of the instance. */
  readonly authorities: AuthoritiesApi;

  constructor(options: DomoApiClientOptions | DomoTransport) {
    this.#transport =
      options instanceof DomoTransport
        ? options
        : new DomoTransport({
            ...withoutCredentials(options),
            root: parseInstanceRoot(options.instanceUrl),
            label: 'Domo API',
            ...authHeaders('Domo API', options.token, options.authScheme),
          });
    this.roles = new RolesApi(this.#transport);
    this.authorities = new AuthoritiesApi(this.#transport);
  }

  /** Every definition, or those of `keyspaces`. */
  async listAttributeDefinitions(opts: ListAttributeDefinitionsOptions = {}): Promise<AttributeDefinition[]> {
    const all = await requiredBody(this.#transport, 'GET', ATTRIBUTE_KEYS_PATH, {
      query: { issuerTypes: KEYSPACES.join(',') },
      schema: DefinitionList,
    });
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

  /** Closes the dispatcher if the client created it; an injected one belongs to the caller. */
  close(): Promise<void> {
    return this.#transport.close();
  }

  #request<T>(method: string, path: string, opts: RequestOptions<T>): Promise<{ status: number; body: T | undefined }> {
    return this.#transport.request(method, path, opts);
  }
}

/** The transport settings of the options: what is left without the instance and the credentials. */
function withoutCredentials(options: DomoApiClientOptions) {
  const { instanceUrl: _url, token: _token, authScheme: _scheme, ...settings } = options;
  return settings;
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
