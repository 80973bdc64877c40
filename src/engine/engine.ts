import { DomoApiClient } from '../domo/api/client';
import { authHeaders } from '../domo/auth';
import { redactor } from '../domo/redact';
import { ScimClient } from '../domo/scim/client';
import { AdaptiveThrottle, type ThrottleStats } from '../domo/throttle';
import { DomoTransport, type TransportSettings } from '../domo/transport';
import { instanceUrlFromScimUrl, parseInstanceRoot, parseScimRoot } from '../domo/url';
import { userKey } from '../model/identity';
import type { ScimConnection } from '../kinds/kind';
import { usersManifest } from '../kinds/users/manifest';
import { SynthOutput } from '../synth/reader';
import type { Domain, EngineContext } from './context';
import { UserDirectory } from './directory';
import type { EngineEnv } from './env';
import { GroupFinder } from './group-finder';
import { People, type UserRecord } from './people';
import type { Work } from './protocol';
import { ReadBack } from './read-back';
import { readRepairs, repairOf, type InstanceRepair, type Repairs } from './repairs';

export interface EngineOptions {
  readonly env: EngineEnv;
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
  readonly stackDir: string;
  readonly startedAt: number;
  readonly redact: (text: string) => string;
  readonly #settings: EngineOptions['transport'];
  readonly #deadline: number;
  readonly #domains = new Map<string, Domain>();
  readonly #throttles = new Map<string, AdaptiveThrottle>();
  readonly #old = new Map<string, Map<string, string>>();
  readonly #transports: DomoTransport[] = [];
  #output: SynthOutput | undefined;
  #repairs: Repairs | undefined | null = null;
  readonly #records = new Map<string, Map<string, UserRecord>>();
  /** Instances being worked on now: read-backs wait for all of them to be ready. */
  running = 0;
  /** Requests answered, for progress lines. */
  requests = 0;

  constructor(options: EngineOptions) {
    this.env = options.env;
    this.stackDir = options.stackDir;
    this.startedAt = (options.now ?? Date.now)();
    this.#deadline = this.startedAt + options.env.DOMO_IDENTITY_TIME_BUDGET;
    this.#settings = options.transport;
    this.redact = redactor([options.env.DOMO_SCIM_TOKEN]);
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

  /** Wakes read-backs that may now be served (an instance finished). */
  settled(): void {
    for (const d of this.#domains.values()) d.readBack.nudge();
  }

  throttleStats(): ThrottleStats[] {
    return [...this.#throttles.values()].map((t) => t.stats);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.#transports.map((t) => t.close()));
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
      rateLimitDeadline: this.#deadline,
      ...this.#settings,
      onResponse: () => void this.requests++,
    });
    this.#transports.push(transport);
    const scimClient = ScimClient.over(transport);
    const api = new DomoApiClient(
      transport.derive({
        root: parseInstanceRoot(instanceUrlFromScimUrl(scim.url)),
        label: 'Domo API',
        ...authHeaders('Domo API', this.env.DOMO_SCIM_TOKEN, scim.authScheme),
      }),
    );
    const users = new UserDirectory(scimClient, { concurrency: this.env.DOMO_IDENTITY_CONCURRENCY });
    const readBack = new ReadBack(scimClient, users, this);
    const people = new People(scimClient, users, readBack, () => this.#userRecords(scim.url));
    return { scim: scimClient, api, users, readBack, people, groups: new GroupFinder(scimClient) };
  }

  /** Every DomoUsers record of the synthesized stack on this SCIM root, for creating users where first needed. */
  #userRecords(url: string): Map<string, UserRecord> {
    let records = this.#records.get(url);
    if (!records) {
      this.#records.set(url, (records = new Map()));
      for (const entry of this.output.ofKind('users')) {
        if (entry.scim.url !== url) continue;
        for (const [, shard] of this.output.instances(entry, usersManifest)) {
          for (const user of shard.users) records.set(userKey(user.userName), { user, constructPath: entry.path });
        }
      }
    }
    return records;
  }
}

function instanceId(work: Work): string {
  return `${work.manifestDir}\0${work.key}`;
}
