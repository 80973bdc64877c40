import type { ScimClient } from '../domo/scim/client';
import type { ScimUser } from '../domo/scim/schemas';
import { userKey } from '../model/identity';
import type { UserDirectory } from './directory';
import { mapLimit } from './pool';

/** Who is working right now, so read-backs can wait until every instance of a wave is ready to verify. */
export interface Activity {
  /** Instances being worked on. */
  readonly running: number;
  /** The most instances worked on at once so far: Terraform's parallelism, as seen. */
  readonly peakRunning: number;
  /** When the last instance arrived (epoch ms). */
  readonly lastArrival: number;
}

/** After this long without a new instance arriving, a wave smaller than the peak is taken as complete. */
const SETTLE_MS = 1000;

interface Pending {
  readonly id: string;
  readonly userName: string;
  resolve(user: ScimUser | undefined): void;
  reject(error: unknown): void;
}

export interface ReadBackOptions {
  /** Longest a read-back waits for others to join its batch. @default 5000 */
  readonly maxWaitMs?: number;
  /** @default 8 */
  readonly concurrency?: number;
}

/**
 * Reads users back after writes, in bulk when that is cheaper: Domo can accept a write and not
 * apply it, so only a read proves a value. Terraform runs instances in waves (its parallelism);
 * read-backs are collected until every running instance waits for one and the wave is complete
 * (as many instances as ever ran at once, or none arrived for a moment), or five seconds have
 * passed, then served by one listing of every user when that takes fewer requests than reading
 * each user, else by one GET each.
 */
export class ReadBack {
  readonly #client: ScimClient;
  readonly #directory: UserDirectory;
  readonly #activity: Activity;
  readonly #maxWaitMs: number;
  readonly #concurrency: number;
  #pending: Pending[] = [];
  /** Instances with a read-back waiting. */
  #waiting = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(client: ScimClient, directory: UserDirectory, activity: Activity, options: ReadBackOptions = {}) {
    this.#client = client;
    this.#directory = directory;
    this.#activity = activity;
    this.#maxWaitMs = options.maxWaitMs ?? 5000;
    this.#concurrency = options.concurrency ?? 8;
  }

  /** The users as Domo has them now (undefined: gone), by id. One call per instance and batch. */
  async read(users: readonly { readonly id: string; readonly userName: string }[]): Promise<Map<string, ScimUser | undefined>> {
    if (users.length === 0) return new Map();
    this.#waiting++;
    try {
      const reads = users.map((u) => new Promise<ScimUser | undefined>((resolve, reject) => this.#pending.push({ ...u, resolve, reject })));
      this.#schedule();
      const results = await Promise.all(reads);
      return new Map(users.map((u, i) => [u.id, results[i]]));
    } finally {
      this.#waiting--;
    }
  }

  /** Re-evaluates whether to serve the batch now: call when an instance starts waiting or finishes. */
  nudge(): void {
    this.#schedule();
  }

  #schedule(): void {
    if (this.#pending.length === 0) return;
    const activity = this.#activity;
    if (this.#waiting >= activity.running) {
      const settled = Date.now() - activity.lastArrival;
      if (activity.running >= activity.peakRunning || settled >= SETTLE_MS) {
        void this.#flush();
        return;
      }
      // Others of this wave may still be starting: look again once it has settled.
      setTimeout(() => this.#schedule(), SETTLE_MS - settled + 1);
    }
    this.#timer ??= setTimeout(() => void this.#flush(), this.#maxWaitMs);
  }

  async #flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    try {
      const cost = this.#directory.listingCost;
      if (cost !== undefined && batch.length > cost) {
        const everyone = await this.#directory.relist();
        for (const p of batch) p.resolve(everyone.get(userKey(p.userName)));
        return;
      }
      await mapLimit(batch, this.#concurrency, async (p) => {
        try {
          const user = await this.#client.getUser(p.id, { all: true }).catch((e: unknown) => {
            if ((e as { status?: number }).status === 404) return undefined;
            throw e;
          });
          if (user) this.#directory.remember(user);
          p.resolve(user);
        } catch (e) {
          p.reject(e);
        }
      });
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  }
}
