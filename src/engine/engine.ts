import { DomoApiClient } from '../domo/api/client';
import { PdpClient } from '../domo/api/pdp';
import { publicApiFromEnv } from '../config/public-api-env';
import { ConfigError } from '../errors';
import { authHeaders } from '../domo/auth';
import { redactor } from '../domo/redact';
import { ScimClient } from '../domo/scim/client';
import { TimeBudget } from '../domo/budget';
import { AdaptiveThrottle, type ThrottleStats } from '../domo/throttle';
import { DomoTransport } from '../domo/transport';
import type { TransportSettings } from '../domo/transport-options';
import { instanceUrlFromScimUrl, parseInstanceRoot, parseScimRoot } from '../domo/url';
import type { ScimConnection } from '../model/kind';
import { SynthOutput } from '../synth/reader';
import type { Domain, EngineContext } from './context';
import { UserDirectory } from './directory';
import type { EngineEnv } from './env';
import { GroupFinder, type GroupRecords } from './group-finder';
import type { CreatableSource, EngineKind } from './kind';
import { People, type UserRecords } from './people';
import type { Work } from './protocol';
import { ReadBack } from './read-back';
import { RoleDirectory } from './roles';
import { readRepairs, repairOf, type InstanceRepair, type Repairs } from './repairs';

export interface EngineOptions {
  readonly env: EngineEnv;
  /** The construct kinds whose work the engine runs. */
  readonly kinds: readonly EngineKind[];
  /** The stack folder: Terraform's working directory. */
  readonly stackDir: string;
  /** Retry policy and clock of every transport (tests inject these). @default - the transport's defaults */
  readonly transport?: Pick<TransportSettings, 'dispatcher' | 'retry' | 'sleep' | 'random' | 'now'>;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * The deploy's shared state, one per `terraform apply`: one transport and one adaptive throttle
 * per Domo instance, one user directory, one read-back queue, one record of what old instances
 * held. Every handler of the apply submits its instance's work here.
 */
export class Engine implements EngineContext {
  readonly env: EngineEnv;
  readonly kinds: readonly EngineKind[];
  readonly stackDir: string;
  readonly startedAt: number;
  readonly redact: (text: string) => string;
  readonly #settings: EngineOptions['transport'];
  /** One budget of lost time for the whole deploy. */
  readonly budget: TimeBudget;
  readonly #domains = new Map<string, Domain>();
  readonly #throttles = new Map<string, AdaptiveThrottle>();
  readonly #old = new Map<string, Map<string, string>>();
  readonly #transports: DomoTransport[] = [];
  #output: SynthOutput | undefined;
  #repairs: Repairs | undefined | null = null;
  readonly #userRecords = new Map<string, UserRecords>();
  readonly #groupRecords = new Map<string, GroupRecords>();
  #requirements: Error | null | undefined;
  /** Instances being worked on now: read-backs wait for all of them to be ready. */
  running = 0;
  /** The most instances worked on at once so far (Terraform's parallelism, as seen). */
  peakRunning = 0;
  /** When the last instance arrived. */
  lastArrival = 0;
  /** Requests answered, for progress lines. */
  requests = 0;
  /** Instances whose work ended this apply, for the ETA. */
  finished = 0;
  #stackInstances: number | undefined;

  constructor(options: EngineOptions) {
    this.env = options.env;
    this.kinds = options.kinds;
    this.stackDir = options.stackDir;
    this.startedAt = (options.now ?? Date.now)();
    this.budget = new TimeBudget(options.env.DOMO_IDENTITY_TIME_BUDGET, options.transport?.now ?? options.now ?? Date.now);
    this.#settings = options.transport;
    this.redact = redactor([options.env.DOMO_SCIM_TOKEN, options.env.DOMO_CLIENT_SECRET]);
  }

  get output(): SynthOutput {
    return (this.#output ??= SynthOutput.open(this.stackDir));
  }

  domain(scim: ScimConnection): Domain {
    const id = `${scim.url}\0${scim.authScheme}`;
    let domain = this.#domains.get(id);
    if (!domain) {
      domain = this.#createDomain(scim);
      this.#domains.set(id, domain);
    }
    return domain;
  }

  /** Old triggers recorded by destroy steps whose create steps have not taken them yet. */
  get holdsOldTriggers(): boolean {
    return this.#old.size > 0;
  }

  takeOld(work: Work): Map<string, string> | undefined {
    const id = instanceId(work);
    const old = this.#old.get(id);
    this.#old.delete(id);
    return old;
  }

  recordOld(work: Work, digests: Map<string, string>): void {
    this.#old.set(instanceId(work), digests);
  }

  repair(work: Work): InstanceRepair {
    if (this.#repairs === null) this.#repairs = readRepairs(this.stackDir);
    return repairOf(this.#repairs, work);
  }

  /**
   * What the whole stack needs from the environment beyond the token (each kind says), checked
   * before any work of the apply. Missing, every instance fails naming it, so a deploy never
   * writes part of a stack it cannot finish.
   */
  checkRequirements(): void {
    if (this.#requirements === undefined) {
      this.#requirements = null;
      for (const kind of this.kinds) {
        const constructs = this.output.ofKind(kind.name);
        const problem = constructs.length > 0 ? kind.requirements?.(this.env, constructs) : undefined;
        if (problem !== undefined) {
          this.#requirements = new ConfigError(`${problem}\nSet them in the environment of cdktf deploy. Nothing was written.`);
          break;
        }
      }
    }
    if (this.#requirements) throw this.#requirements;
  }

  /** An instance's work begins. */
  arrived(): void {
    this.running++;
    this.peakRunning = Math.max(this.peakRunning, this.running);
    this.lastArrival = Date.now();
  }

  /** Wakes read-backs that may now be served (an instance finished). */
  settled(worked = true): void {
    this.running--;
    if (worked) this.finished++;
    for (const d of this.#domains.values()) d.readBack.nudge();
  }

  /** Every instance of the stack: the most an apply can bring, as Terraform says which only as they come. */
  get stackInstances(): number {
    return (this.#stackInstances ??= this.kinds.reduce(
      (n, kind) => n + this.output.ofKind(kind.name).reduce((m, entry) => m + Object.keys(entry.instances).length, 0),
      0,
    ));
  }

  throttleStats(): ThrottleStats[] {
    return [...this.#throttles.values()].map((t) => t.stats);
  }

  /**
   * Ends the engine's requests: the apply is over (Terraform gone, or idle), so nobody waits for
   * what is still in flight. Abandoned, not awaited: a run that has exited must stop writing to
   * Domo, and what did not finish is reconciled by the next deploy.
   */
  async close(): Promise<void> {
    await Promise.allSettled(this.#transports.map((t) => t.abandon()));
  }

  #createDomain(scim: ScimConnection): Domain {
    const root = parseScimRoot(scim.url);
    let throttle = this.#throttles.get(root.origin);
    if (!throttle)
      this.#throttles.set(root.origin, (throttle = new AdaptiveThrottle({ sleep: this.#settings?.sleep, now: this.#settings?.now })));
    const credentials = authHeaders('SCIM', this.env.DOMO_SCIM_TOKEN, scim.authScheme);
    const transport = new DomoTransport({
      root,
      label: 'SCIM',
      ...credentials,
      throttle,
      budget: this.budget,
      ...this.#settings,
      onResponse: () => void this.requests++,
    });
    this.#transports.push(transport);
    const scimClient = ScimClient.over(transport);
    const api = new DomoApiClient(transport.withRoot(parseInstanceRoot(instanceUrlFromScimUrl(scim.url)), 'Domo API'));
    const users = new UserDirectory(scimClient, { concurrency: this.env.DOMO_IDENTITY_CONCURRENCY });
    const readBack = new ReadBack(scimClient, users, this);
    const roles = new RoleDirectory(api);
    const people = new People(
      users,
      () => this.#records(this.#userRecords, scim.url, (k) => k.creates?.users),
      () => this.domain(scim),
    );
    const groups = new GroupFinder(scimClient, () => this.#records(this.#groupRecords, scim.url, (k) => k.creates?.groups));
    const pdp = new PdpClient(transport, () => publicApiFromEnv(this.env, 'PDP policies'));
    const concurrency = this.env.DOMO_IDENTITY_CONCURRENCY;
    return { scim: scimClient, api, users, readBack, people, roles, groups, pdp, concurrency };
  }

  /** The identities the stack's constructs on this SCIM root create on demand (users or groups), read from the synth output once. */
  #records<T>(
    cache: Map<string, { by: string | undefined; records: ReadonlyMap<string, T> }>,
    url: string,
    source: (kind: EngineKind) => CreatableSource<unknown> | undefined,
  ): { by: string | undefined; records: ReadonlyMap<string, T> } {
    let found = cache.get(url);
    if (!found) {
      const records = new Map<string, T>();
      let by: string | undefined;
      for (const kind of this.kinds) {
        const from = source(kind);
        if (!from) continue;
        by ??= from.by;
        for (const entry of this.output.ofKind(kind.name))
          if (entry.scim.url === url) for (const [key, record] of from.records(this.output, entry)) records.set(key, record as T);
      }
      cache.set(url, (found = { by, records }));
    }
    return found;
  }
}

function instanceId(work: Work): string {
  return `${work.manifestDir}\0${work.key}`;
}
