import type { ScimClient } from '../domo/scim/client';
import type { ScimUser } from '../domo/scim/schemas';
import { userKey } from '../model/identity';
import type { NormalizedUser } from '../model/users';
import { createOnce } from './create-once';
import type { UserDirectory } from './directory';
import { newUserBody } from './planner/user-fields';
import { planUser, type DesiredUserState } from './planner/user';
import { describeChanges } from './planner/attributes';
import type { ReadBack } from './read-back';
import type { RoleDirectory } from './roles';

/** A DomoUsers record of the synthesized stack, for creating that user wherever they are first needed. */
export interface UserRecord {
  readonly user: NormalizedUser;
  readonly constructPath: string;
}

/** A user neither in Domo nor among the stack's DomoUsers: the message says what to do. */
export class MissingUserError extends Error {
  override readonly name = 'MissingUserError';
}

/**
 * Users of the deploy: found in the directory, or created from the stack's DomoUsers record the
 * first time any instance needs them, whichever instance Terraform runs first. One creation per
 * user (single-flight): a user's attributes and memberships wait for it, and if it fails only the
 * writes that need that user fail. A created user is read back and what Domo did not keep from
 * the POST is PATCHed in the same deploy.
 */
export class People {
  readonly #scim: ScimClient;
  readonly #directory: UserDirectory;
  readonly #readBack: ReadBack;
  readonly #roles: RoleDirectory;
  readonly #records: () => ReadonlyMap<string, UserRecord>;
  readonly #creations = new Map<string, Promise<ScimUser>>();
  readonly #created = new Set<string>();

  constructor(
    scim: ScimClient,
    directory: UserDirectory,
    readBack: ReadBack,
    roles: RoleDirectory,
    records: () => ReadonlyMap<string, UserRecord>,
  ) {
    this.#scim = scim;
    this.#directory = directory;
    this.#readBack = readBack;
    this.#roles = roles;
    this.#records = records;
  }

  /** True when this deploy created the user (or adopted one a failed POST had created). */
  wasCreated(userName: string): boolean {
    return this.#created.has(userKey(userName));
  }

  /** The stack's DomoUsers record of a user, if any construct manages them. */
  recordOf(userName: string): UserRecord | undefined {
    return this.#records().get(userKey(userName));
  }

  /** The user as found (`found`), or created now from the stack's DomoUsers record. */
  async ensure(userName: string, found?: ScimUser): Promise<ScimUser> {
    if (found) return found;
    const known = this.#directory.get(userName);
    if (known) return known;
    const record = this.recordOf(userName);
    if (!record) {
      throw new MissingUserError(
        'not found in Domo (create the user in Domo, manage them with DomoUsers in this stack, or remove them from the dataset)',
      );
    }
    return this.create(record.user);
  }

  /** Creates a user from their desired record, once per deploy whoever asks. */
  create(user: NormalizedUser): Promise<ScimUser> {
    const key = userKey(user.userName);
    let creation = this.#creations.get(key);
    if (!creation) {
      creation = this.#create(user).catch((e: unknown) => {
        throw new MissingUserError(`creating them (DomoUsers) failed: ${(e as Error).message}`);
      });
      this.#creations.set(key, creation);
    }
    return creation;
  }

  async #create(user: NormalizedUser): Promise<ScimUser> {
    const managerId = user.fields.manager ? this.#directory.get(user.fields.manager)?.id : undefined;
    const { manager: _manager, ...fields } = await this.#roles.resolve(user.fields);
    const withManager = managerId ? { ...fields, manager: managerId } : fields;
    const body = newUserBody(user.userName, withManager, user.customAttributes);
    const { value: posted } = await createOnce(
      () => this.#scim.createUser(body),
      () => this.#scim.findUserByUserName(user.userName, { all: true }),
    );
    this.#created.add(userKey(user.userName));
    this.#directory.remember(posted);
    const desired: DesiredUserState = { fields: withManager, attributes: user.customAttributes, keys: Object.keys(user.customAttributes) };
    return this.#converge(posted, desired);
  }

  /** Reads the new user back and PATCHes what Domo did not keep from the POST, then verifies. */
  async #converge(posted: ScimUser, desired: DesiredUserState): Promise<ScimUser> {
    let current = (await this.#readBack.read([posted])).get(posted.id);
    if (!current) throw new Error(`Domo answered the create with user ${posted.id} but has no such user`);
    const plan = planUser(current, desired);
    if (plan.operations.length === 0) return current;
    await this.#scim.patchUser(current.id, plan.operations);
    current = (await this.#readBack.read([current])).get(current.id);
    const left = current ? planUser(current, desired) : plan;
    if (!current || left.operations.length > 0) {
      const what = [...left.fields.map((c) => c.field), ...(left.attributes.length > 0 ? [describeChanges(left.attributes)] : [])];
      throw new Error(`Domo did not keep ${what.join(', ')} after the create and a PATCH of what it dropped`);
    }
    return current;
  }
}
