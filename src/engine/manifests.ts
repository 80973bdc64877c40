import * as fs from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { terraformMapDigest } from '../model/terraform-json';
import { userAttributeTriggers } from '../model/triggers';
import type { UserAttributesShardFile } from '../model/manifest';
import { groupTriggers, type GroupFile } from '../model/directory-groups';

export function loadManifest<T extends z.ZodType>(file: string, schema: T): z.infer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(
      `Cannot read the desired-state manifest ${file}: ${(err as Error).message}. It is written by the same synth as the plan: run cdktf deploy again from the stack's project.`,
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`The desired-state manifest ${file} is invalid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * The planned trigger map's digest (computed by Terraform) must equal the digest of the same map
 * rebuilt from the manifest: otherwise the manifest is not the desired state the plan showed.
 */
export function verifyShard(manifest: UserAttributesShardFile, file: string, shard: string, plannedDigest: string) {
  if (manifest.shard !== shard)
    throw new ConfigError(`The manifest ${file} holds shard ${JSON.stringify(manifest.shard)}, not ${JSON.stringify(shard)}.`);
  checkDigest(
    terraformMapDigest(userAttributeTriggers(manifest.users, manifest.managedKeys)),
    plannedDigest,
    file,
    `shard ${JSON.stringify(shard)}`,
  );
  return manifest.users;
}

export function verifyGroup(manifest: GroupFile, file: string, key: string, plannedDigest: string): void {
  if (manifest.group.displayName !== key)
    throw new ConfigError(`The manifest ${file} holds group ${JSON.stringify(manifest.group.displayName)}, not ${JSON.stringify(key)}.`);
  checkDigest(terraformMapDigest(groupTriggers(manifest.group, manifest.membership)), plannedDigest, file, `group ${JSON.stringify(key)}`);
}

export function checkDigest(digest: string, planned: string, file: string, what: string): void {
  if (digest === planned) return;
  throw new ConfigError(
    `The manifest ${file} does not match the planned triggers of ${what} (digest ${digest.slice(0, 12)} != planned ${planned.slice(0, 12)}). ` +
      'Synth and apply must come from the same synth: run cdktf deploy again.',
  );
}

/** The destroy handler's argument: the old instance's userNames as a JSON list. */
export function parseUserNames(arg: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(arg);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string'))
    throw new ConfigError('The destroy handler expects a JSON list of userNames.');
  return parsed;
}
