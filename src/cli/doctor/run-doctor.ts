import type { Dispatcher } from 'undici';
import { DomoApiClient } from '../../domo/api/client';
import { instanceUrlFromScimUrl } from '../../domo/url';
import { ScimClient } from '../../domo/scim/client';
import type { RetryPolicy } from '../../domo/retry';
import { checkRolesGrant, keyCheck, roleCheck, writableFirst } from './domo-checks';
import { probe } from './outcome';
import { reportOf, type DoctorCheck, type DoctorReport } from './report';
import { checkGroups, checkToken, checkUsersWrite, readUsers, usersReadCheck } from './scim-checks';

export interface DoctorOptions {
  /** The SCIM root, e.g. https://acme.domo.com/api/identity/v1/scim; Domo's other APIs are found beside it. */
  readonly scimUrl: string;
  readonly token: string;
  /** @default 'bearer' */
  readonly authScheme?: 'bearer' | 'developer-token';
  /** Managed custom attribute keys, each checked as `key:<key>`. @default [] */
  readonly keys?: readonly string[];
  /** Role names or ids that must exist, each checked as `role:<role>`. @default [] */
  readonly roles?: readonly string[];
  /** Check that the token can read and manage custom roles and their grants (`grant:roles`). @default false */
  readonly manageRoles?: boolean;
  /**
   * Prove the Manage All Users grant by a write: one user's managed attribute rewritten with the
   * value it has (a PATCH). @default false - the doctor changes no data; grant:users-write is skipped
   */
  readonly writeCheck?: boolean;
  /** @default - an Agent per client, closed at the end */
  readonly dispatcher?: Dispatcher;
  /** @default DOCTOR_RETRY_POLICY */
  readonly retry?: Partial<RetryPolicy>;
  /** @default - a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A diagnosis should answer in seconds: a few retries, not a deploy's two minutes of them. */
export const DOCTOR_RETRY_POLICY: Partial<RetryPolicy> = { maxAttempts: 3, totalTimeMs: 15_000 };

/**
 * Checks that an instance is ready for this tool: the token, its grants (by effect; the write
 * grant only when `writeCheck` asks for it), the managed keys' definitions, and roles. Throws only for bad options (ConfigError);
 * what it finds, failed calls included, is in the report.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const instanceUrl = instanceUrlFromScimUrl(options.scimUrl);
  const transport = {
    token: options.token,
    authScheme: options.authScheme,
    dispatcher: options.dispatcher,
    retry: { ...DOCTOR_RETRY_POLICY, ...options.retry },
    requestTimeoutMs: 10_000,
    sleep: options.sleep,
  };
  let scim: ScimClient | undefined;
  let domo: DomoApiClient | undefined;
  try {
    scim = new ScimClient({ ...transport, baseUrl: options.scimUrl });
    domo = new DomoApiClient({ ...transport, instanceUrl });
    return await diagnose(scim, domo, {
      keys: unique(options.keys ?? []),
      roles: unique(options.roles ?? []),
      writeCheck: options.writeCheck ?? false,
      manageRoles: options.manageRoles ?? false,
    });
  } finally {
    await scim?.close();
    await domo?.close();
  }
}

interface Asked {
  readonly keys: readonly string[];
  readonly roles: readonly string[];
  readonly writeCheck: boolean;
  readonly manageRoles: boolean;
}

async function diagnose(scim: ScimClient, domo: DomoApiClient, { keys, roles, writeCheck, manageRoles }: Asked): Promise<DoctorReport> {
  const token = await checkToken(scim);
  if (token.status === 'fail') {
    // Every other call would fail the same way: one finding, not a screenful.
    const ids = [
      'grant:users-read',
      'grant:users-write',
      'grant:groups',
      ...(manageRoles ? ['grant:roles'] : []),
      ...keys.map((k) => `key:${k}`),
      ...roles.map((r) => `role:${r}`),
    ];
    return reportOf([token, ...ids.map((id): DoctorCheck => ({ id, status: 'skip', message: 'skipped: the token check failed' }))]);
  }
  const users = await readUsers(scim);
  const definitions = keys.length === 0 ? undefined : await probe(() => domo.listAttributeDefinitions());
  const usersWrite: DoctorCheck = !writeCheck
    ? { id: 'grant:users-write', status: 'skip', message: WRITE_CHECK_NOT_ASKED }
    : users.ok
      ? await checkUsersWrite(scim, users.value.users, keys, definitions ? writableFirst(keys, definitions) : [])
      : { id: 'grant:users-write', status: 'skip', message: 'skipped: listing users failed, so there is no user to rewrite' };
  const groups = await checkGroups(scim);
  const rolesGrant = manageRoles ? [await checkRolesGrant(domo)] : [];
  const roleList = roles.length === 0 ? undefined : await probe(() => domo.roles.list());
  return reportOf([
    token,
    usersReadCheck(users),
    usersWrite,
    groups,
    ...rolesGrant,
    ...(definitions ? keys.map((k) => keyCheck(k, definitions)) : []),
    ...(roleList ? roles.map((r) => roleCheck(r, roleList)) : []),
  ]);
}

/** Why grant:users-write is skipped by default. */
export const WRITE_CHECK_NOT_ASKED =
  'not checked: the doctor changes no data unless asked (--write-check rewrites one managed attribute of one user with its current value)';

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
