import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../src/engine/engine';
import { loadEngineEnv } from '../../src/engine/env';
import type { Work } from '../../src/engine/protocol';
import type { Verdict } from '../../src/engine/outcome';
import { runWork } from '../../src/handlers/engine-main';
import type { KindManifest, ScimConnection } from '../../src/model/kind';
import { KINDS } from '../../src/kinds/registry';
import { kindNamed } from '../../src/model/kind';
import { terraformMapDigest } from '../../src/model/terraform-json';
import { userDigests } from '../../src/model/triggers';
import type { IndexedConstruct } from '../../src/synth/index-file';
import { writeFixtureStack, type FixtureConstruct } from './synth-fixture';

export type { FixtureConstruct };

/**
 * A synthesized stack folder written without cdktf, through the same writer synth uses, and an
 * engine over it: the engine's work is tested against the local service without Terraform.
 */
export class EngineFixture {
  readonly stackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-fixture-'));
  entries: IndexedConstruct[] = [];
  engine!: Engine;

  constructor(
    readonly scim: ScimConnection,
    private readonly token: string,
    constructs: readonly FixtureConstruct[],
    private readonly env: Record<string, string> = {},
    private readonly transport: ConstructorParameters<typeof Engine>[0]['transport'] = {},
  ) {
    this.write(constructs);
  }

  /** Replaces the stack's files, as a new synth does, and starts a new engine over them (a new apply). */
  write(constructs: readonly FixtureConstruct[]): void {
    void this.engine?.close();
    this.engine = new Engine({
      env: loadEngineEnv({ DOMO_SCIM_TOKEN: this.token, ...this.env }),
      kinds: KINDS,
      stackDir: this.stackDir,
      transport: this.transport,
    });
    this.entries = writeFixtureStack(this.stackDir, this.scim, constructs);
  }

  entry(constructPath: string): IndexedConstruct {
    return this.entries.find((e) => e.path === constructPath)!;
  }

  /** The create step of an instance, with the digest Terraform would pass. */
  create(constructPath: string, key: string): Promise<Verdict> {
    const entry = this.entry(constructPath);
    return runWork(this.engine, { kind: entry.kind, phase: 'create', manifestDir: entry.manifestDir, key, arg: this.digest(entry, key) });
  }

  /** The destroy step of an instance; `arg` is what the old instance held (built by `oldUsers` for user shards). */
  destroy(constructPath: string, key: string, arg: string): Promise<Verdict> {
    const entry = this.entry(constructPath);
    return runWork(this.engine, { kind: entry.kind, phase: 'destroy', manifestDir: entry.manifestDir, key, arg });
  }

  /** The destroy argument of a user shard as it is in the current files (per-user digests). */
  oldUsers(constructPath: string, key: string): string {
    const entry = this.entry(constructPath);
    return JSON.stringify(Object.fromEntries(userDigests(this.triggers(entry, key))));
  }

  work(constructPath: string, phase: Work['phase'], key: string, arg: string): Work {
    const entry = this.entry(constructPath);
    return { kind: entry.kind, phase, manifestDir: entry.manifestDir, key, arg };
  }

  digest(entry: IndexedConstruct, key: string): string {
    return terraformMapDigest(this.triggers(entry, key));
  }

  async close(): Promise<void> {
    await this.engine.close();
    fs.rmSync(this.stackDir, { recursive: true, force: true });
  }

  private triggers(entry: IndexedConstruct, key: string): Record<string, string> {
    const kind = kindNamed(KINDS, entry.kind).manifest as KindManifest<never, unknown>;
    const construct = this.engine.output.constructFile(entry, kind);
    return kind.triggers(construct, this.engine.output.instanceFile(entry, key, kind));
  }
}

/** The verdict's lines after the summary line: one per changed or failed identity. */
export function lines(verdict: Verdict): string[] {
  return `${verdict.stdout}${verdict.stderr}`.trim().split('\n');
}
