import type { ScimUser } from '../domo/scim/schemas';
import { userKey } from '../model/identity';
import type { UserDirectory } from './directory';
import type { Domain } from './context';
import type { Creatable } from './kind';

/** A user neither in Domo nor among the users a construct of the stack creates: the message says what to do. */
export class MissingUserError extends Error {
  override readonly name = 'MissingUserError';
}

/** The users the stack's constructs create, by userKey, and the construct class that creates them. */
export interface UserRecords {
  /** `DomoUsers`; undefined when no kind of the stack creates users. */
  readonly by: string | undefined;
  readonly records: ReadonlyMap<string, Creatable<ScimUser>>;
}

/**
 * Users of the deploy: found in the directory, or created from the stack's record of them the
 * first time any instance needs them, whichever instance Terraform runs first. One creation per
 * user (single-flight): a user's attributes and memberships wait for it, and if it fails only the
 * writes that need that user fail.
 */
export class People {
  readonly #directory: UserDirectory;
  readonly #records: () => UserRecords;
  readonly #domain: () => Domain;
  readonly #creations = new Map<string, Promise<ScimUser>>();
  readonly #created = new Set<string>();

  constructor(directory: UserDirectory, records: () => UserRecords, domain: () => Domain) {
    this.#directory = directory;
    this.#records = records;
    this.#domain = domain;
  }

  /** True when this deploy created the user (or adopted one a failed POST had created). */
  wasCreated(userName: string): boolean {
    return this.#created.has(userKey(userName));
  }

  /** Whether a construct of the stack creates this user when Domo lacks them. */
  isCreatable(userName: string): boolean {
    return this.#records().records.has(userKey(userName));
  }

  /** The construct class that creates users in this stack (`DomoUsers`), if any. */
  get creator(): string | undefined {
    return this.#records().by;
  }

  /** The user as found (`found`), or created now from the stack's record of them, once per deploy whoever asks. */
  async ensure(userName: string, found?: ScimUser): Promise<ScimUser> {
    if (found) return found;
    const known = this.#directory.get(userName);
    if (known) return known;
    const { by, records } = this.#records();
    const record = records.get(userKey(userName));
    if (!record) {
      const manage = by === undefined ? '' : `, manage them with ${by} in this stack`;
      throw new MissingUserError(`not found in Domo (create the user in Domo${manage}, or remove them from the dataset)`);
    }
    const key = userKey(userName);
    let creation = this.#creations.get(key);
    if (!creation) {
      creation = record.create(this.#domain()).then(
        (user) => {
          this.#created.add(key);
          return user;
        },
        (e: unknown) => {
          throw new MissingUserError(
            `creating them (${by}) failed: ${(e as Error).message}; \`domo-identity deploy\` tries again (it also re-creates managed users deleted in Domo)`,
          );
        },
      );
      this.#creations.set(key, creation);
    }
    return creation;
  }
}
