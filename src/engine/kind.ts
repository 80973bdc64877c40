import type { ScimGroup, ScimUser } from '../domo/scim/schemas';
import type { AnyKindManifest } from '../model/kind';
import type { IndexedConstruct } from '../synth/index-file';
import type { SynthOutput } from '../synth/reader';
import type { Domain, EngineContext } from './context';
import type { EngineEnv } from './env';
import type { WorkResult } from './outcome';
import type { Work } from './protocol';

/** An identity a construct of the stack creates wherever an instance of the deploy first needs it. */
export interface Creatable<T> {
  /** The construct that manages it. */
  readonly constructPath: string;
  create(domain: Domain): Promise<T>;
}

/** A group as a creation left it: `adopted` when a failed POST had created it anyway and it was found. */
export interface CreatedGroup {
  readonly value: ScimGroup;
  readonly adopted: boolean;
}

/** Identities of one kind's constructs that others may need created (a policy's member, a manager). */
export interface CreatableSource<T> {
  /** The construct class, for the advice when an identity is neither in Domo nor creatable: `manage them with DomoUsers`. */
  readonly by: string;
  /** The construct's creatable identities, by userName or displayName. */
  records(output: SynthOutput, entry: IndexedConstruct): Iterable<readonly [string, Creatable<T>]>;
}

/** What the engine needs of a construct kind: its files, and the work of one instance's create and destroy steps. */
export interface EngineKind {
  readonly name: string;
  readonly manifest: AnyKindManifest;
  /** What one instance is called in reports: `shard "07"`, `group "Franchise North"`. */
  readonly instanceNoun: string;
  create(ctx: EngineContext, work: Work): Promise<WorkResult>;
  destroy(ctx: EngineContext, work: Work): Promise<WorkResult>;
  /**
   * What this kind's constructs need from the environment beyond the token, checked before any
   * work of the apply: the problem, or undefined. A problem fails every instance, so a deploy
   * never writes part of a stack it cannot finish. @default - nothing
   */
  requirements?(env: EngineEnv, constructs: readonly IndexedConstruct[]): string | undefined;
  /** Users and groups this kind's constructs create where another instance first needs them. @default - none */
  readonly creates?: {
    readonly users?: CreatableSource<ScimUser>;
    readonly groups?: CreatableSource<CreatedGroup>;
  };
}
