import { ScimClient } from '../scim/client';
import * as path from 'node:path';
import { CONSTRUCT_FILE, ScimConnection, UserAttributesConstructFile, UserAttributesShardFile, shardFileName } from '../model/manifest';
import { ConfigError } from '../errors';
import { loadHandlerEnv, type HandlerEnv } from './env';
import { loadManifest, verifyShard } from './manifest-loader';
import { reconcileShard, removeDeparted } from './user-attributes';
import { failureReport, summarize, type Outcome } from './outcome';

const USAGE = 'usage: handler.js user-attributes <create|destroy|verify> <manifest-dir> <shard> <digest|userNames-json>';

/**
 * Entry of the bundled handler that local-exec starts with `node` (no shell). Arguments come
 * from Terraform: the manifest path and shard key from config, the last one from `self`.
 * `verify` does everything `create` does before the first SCIM call.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [kind, phase, manifestDir, shard, arg] = argv;
  if (kind !== 'user-attributes' || !manifestDir || shard === undefined || arg === undefined) throw new ConfigError(USAGE);
  const env = loadHandlerEnv();
  const title = (constructPath: string) => `${constructPath} shard ${JSON.stringify(shard)}`;
  const concurrency = env.DOMO_IDENTITY_CONCURRENCY;

  switch (phase) {
    case 'verify':
    case 'create': {
      const file = path.join(manifestDir, shardFileName(shard));
      const manifest = loadManifest(file, UserAttributesShardFile);
      const users = verifyShard(manifest, file, shard, arg);
      if (phase === 'verify') return 0;
      const outcomes = await withClient(manifest.scim, env, (client) => reconcileShard(client, manifest.managedKeys, users, { concurrency }));
      return report(title(manifest.constructPath), outcomes, 'the shard is reconciled again on the next deploy');
    }
    case 'destroy': {
      const manifest = loadManifest(path.join(manifestDir, CONSTRUCT_FILE), UserAttributesConstructFile);
      const oldUserNames = parseUserNames(arg);
      const outcomes = await withClient(manifest.scim, env, (client) =>
        removeDeparted(client, manifest, oldUserNames, { concurrency, teardown: env.DOMO_IDENTITY_TEARDOWN }),
      );
      return report(`${title(manifest.constructPath)} (removal policy ${manifest.removalPolicy})`, outcomes, 'the removal is retried on the next deploy');
    }
    default:
      throw new ConfigError(USAGE);
  }
}

async function withClient<T>(scim: ScimConnection, env: HandlerEnv, use: (client: ScimClient) => Promise<T>): Promise<T> {
  const client = new ScimClient({ baseUrl: scim.url, token: env.DOMO_SCIM_TOKEN, authScheme: scim.authScheme });
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

function report(title: string, outcomes: readonly Outcome[], retry: string): number {
  const { text, failed } = summarize(title, outcomes);
  process.stdout.write(`${text}\n`);
  if (failed.length === 0) return 0;
  process.stderr.write(`${failureReport(title, failed, retry)}\n`);
  return 1;
}

function parseUserNames(arg: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(arg);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) throw new ConfigError('The destroy handler expects a JSON list of userNames.');
  return parsed;
}
