import type { DomoApiClient } from '../domo/api/client';
import type { PdpClient } from '../domo/api/pdp';
import type { ScimClient } from '../domo/scim/client';
import type { ScimConnection } from '../model/kind';
import type { SynthOutput } from '../synth/reader';
import type { UserDirectory } from './directory';
import type { EngineEnv } from './env';
import type { GroupFinder } from './group-finder';
import type { People } from './people';
import type { Work } from './protocol';
import type { ReadBack } from './read-back';
import type { RoleDirectory } from './roles';
import type { InstanceRepair } from './repairs';

/** Everything the deploy shares for one Domo instance: one client, one directory, one read-back queue. */
export interface Domain {
  readonly scim: ScimClient;
  readonly api: DomoApiClient;
  readonly users: UserDirectory;
  readonly readBack: ReadBack;
  /** Users found, or created from the stack's records of them when missing. */
  readonly people: People;
  /** Groups found, or created from the stack's records of them (ensure). */
  readonly groups: GroupFinder;
  /** Custom roles given by name, resolved to ids. */
  readonly roles: RoleDirectory;
  /** PDP policies on Domo's public API, over the same dispatcher and throttle; credentials from the engine's environment. */
  readonly pdp: PdpClient;
  /** Requests one instance's work runs at once (DOMO_IDENTITY_CONCURRENCY). */
  readonly concurrency: number;
}

/** What a kind's work gets from the engine of the deploy. */
export interface EngineContext {
  readonly env: EngineEnv;
  readonly output: SynthOutput;
  domain(scim: ScimConnection): Domain;
  /**
   * What the old instance of this key held, as its destroy step in this apply passed it (per-user
   * digests of its triggers); undefined when there was none: a first-time or tainted instance.
   */
  takeOld(work: Work): Map<string, string> | undefined;
  recordOld(work: Work, digests: Map<string, string>): void;
  /** What a repair asks of this instance: reconcile it whole, and apply the removal policy to users outside the desired state. */
  repair(work: Work): InstanceRepair;
}
