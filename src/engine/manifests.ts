import { ConfigError } from '../errors';
import { terraformMapDigest } from '../model/terraform-json';
import type { KindFile, KindManifest } from '../model/kind';
import type { IndexedConstruct } from '../synth/index-file';
import type { SynthOutput } from '../synth/reader';
import type { Work } from './protocol';

export interface LoadedInstance<C, I> {
  readonly entry: IndexedConstruct;
  readonly construct: C;
  readonly instance: I;
}

/** The construct of a work item, from the synth output, checked to be of the kind Terraform named. */
export function constructOf<C extends KindFile, I>(
  output: SynthOutput,
  work: Work,
  kind: KindManifest<C, I>,
): { entry: IndexedConstruct; construct: C } {
  const entry = output.byManifestDir(work.manifestDir);
  if (entry.kind !== kind.name)
    throw new ConfigError(`${work.manifestDir} holds a ${entry.kind} construct, not ${work.kind}: run cdktf deploy again`);
  return { entry, construct: output.constructFile(entry, kind) };
}

/**
 * The instance's desired state, proven to be what the plan showed: the planned trigger map's
 * digest (computed by Terraform, passed as the last argument) must equal the digest of the same
 * map rebuilt from the files; otherwise they come from another synth than the plan.
 */
export function verifiedInstance<C extends KindFile, I>(output: SynthOutput, work: Work, kind: KindManifest<C, I>): LoadedInstance<C, I> {
  const { entry, construct } = constructOf(output, work, kind);
  const instance = output.instanceFile(entry, work.key, kind);
  const digest = terraformMapDigest(kind.triggers(construct, instance));
  if (digest !== work.arg) {
    throw new ConfigError(
      `The desired state of ${entry.path} instance ${JSON.stringify(work.key)} does not match the plan (digest ${digest.slice(0, 12)} != planned ${work.arg.slice(0, 12)}). ` +
        'Synth and apply must come from the same synth: run the deploy again.',
    );
  }
  return { entry, construct, instance };
}

/** The destroy step's argument of a user shard: the old instance's per-user digests, as JSON. */
export function parseOldDigests(arg: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(arg);
  } catch {
    parsed = undefined;
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    !Object.values(parsed).every((v) => typeof v === 'string')
  ) {
    throw new ConfigError('The destroy handler expects a JSON object of userName -> digest from the old instance.');
  }
  return new Map(Object.entries(parsed as Record<string, string>));
}
