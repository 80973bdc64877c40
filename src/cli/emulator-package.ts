import { ConfigError } from '../errors';
import type { IdentityState } from './state-changes';

/*
 * The local Domo service is the separate package domo-scim-emulator, a development dependency: the
 * library, the handlers and every other command run without it. The two commands that start it
 * (`emulator`, `demo`) load it here, when they run, and describe only what they use of it.
 */

/** The package's name, as `npm install` takes it. */
export const EMULATOR_PACKAGE = 'domo-scim-emulator';

/** What the demo reads of the service's state: users and groups as a summary compares them, and more. */
export interface LocalServiceState extends IdentityState {
  readonly groups: ReadonlyArray<{
    readonly id?: string;
    readonly displayName: string;
    readonly domoDisplayName?: string;
    readonly members: readonly string[];
  }>;
  /** The attribute definitions, in the instance's order. */
  readonly attributes?: ReadonlyArray<{ readonly key: string }>;
  readonly apiClients?: ReadonlyArray<{ readonly clientId: string; readonly clientSecret: string }>;
  /** Datasets, with their PDP policies when PDP is enabled. */
  readonly datasets?: ReadonlyArray<{
    readonly id: string;
    readonly name?: string;
    readonly policies?: ReadonlyArray<{
      readonly type?: string;
      readonly name: string;
      readonly filters: ReadonlyArray<{
        readonly column: string;
        readonly values: readonly string[];
        readonly operator: string;
        readonly not?: boolean;
      }>;
      readonly users: readonly number[];
      readonly groups: readonly number[];
    }>;
  }>;
}

/** A running service. */
export interface LocalService {
  readonly scimUrl: string;
  /** Every request it answered (admin requests aside), in arrival order. */
  readonly requests: ReadonlyArray<{ readonly method: string }>;
  snapshot(): LocalServiceState;
  close(): Promise<void>;
}

/** The part of domo-scim-emulator's API the CLI uses; a test checks the package against it. */
export interface EmulatorPackage {
  /** Starts the service on 127.0.0.1; port 0 picks a free one. */
  startEmulator(options: { port?: number; token: string; seed?: ReturnType<EmulatorPackage['loadSeedFile']> }): Promise<LocalService>;
  /** Reads and validates a seed file; throws naming the file. */
  loadSeedFile(path: string): unknown;
  /** The package's command line, with `name` in its usage: parses `argv` and starts the service. */
  main(argv: readonly string[], name?: string): Promise<void>;
  /** That command line, for its help text. */
  emulatorCommand(name?: string): { helpInformation(): string };
}

/**
 * Loads the package, or throws a ConfigError that says how to install it. Only the package itself
 * missing is reported so; a broken installation (a dependency of it missing) throws as it is.
 */
export function loadEmulatorPackage(name: string = EMULATOR_PACKAGE): EmulatorPackage {
  try {
    return require(name) as EmulatorPackage;
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown };
    if (err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(`'${name}'`)) {
      throw new ConfigError(notInstalledMessage(name), { cause: e });
    }
    throw e;
  }
}

/**
 * How to get the package, as it is true today: it is not on the npm registry yet, so the project
 * from `domo-identity init` carries it (its devDependencies; from vendor/ with --vendor), and any
 * other project installs its tarball.
 */
export function notInstalledMessage(name: string = EMULATOR_PACKAGE): string {
  return (
    `the local Domo service is the separate package ${name}, which is not installed here. ` +
    `A project from \`domo-identity init --vendor\` has it in vendor/: run npm install there. ` +
    `Elsewhere install its tarball as a development dependency: npm install --save-dev <path to ${name}-<version>.tgz> ` +
    `(npm pack in packages/domo-scim-emulator of a built clone of cdktf-domo-identity makes it; once ${name} is on the npm registry, npm install --save-dev ${name})`
  );
}
