import { ScimClient } from '../scim/client';
import { UserAttributesManifest } from '../model/manifest';
import { ConfigError } from '../errors';
import { loadHandlerEnv, type HandlerEnv } from './env';
import { loadManifest, verifyShard } from './manifest-loader';
import { reconcileShard, removeDeparted } from './user-attributes';
import { failureReport, summarize, type Outcome } from './outcome';

const USAGE = 'usage: handler.js user-attributes <create|destroy|verify> <manifest> <shard> <digest|userNames-json>';

/**
 * Entry of the bundled handler that local-exec starts with `node` (no shell). Arguments come
 * from Terraform: the manifest path and shard key from config, the last one from `self`.
 * `verify` does everything `create` does before the first SCIM call.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [kind, phase, manifestFile, shard, arg] = argv;
  if (kind !== 'user-attributes' || !manifestFile || shard === undefined || arg === undefined) throw new ConfigError(USAGE);
  const env = loadHandlerEnv();
  const manifest = loadManifest(manifestFile, UserAttributesManifest);
  const title = `${manifest.constructPath} shard ${JSON.stringify(shard)}`;
  const concurrency = env.DOMO_IDENTITY_CONCURRENCY;

  switch (phase) {
    case 'verify':
      verifyShard(manifest, manifestFile, shard, arg);
      return 0;
    case 'create': {
      const users = verifyShard(manifest, manifestFile, shard, arg);
      const outcomes = await withClient(manifest, env, (client) => reconcileShard(client, manifest, users, { concurrency }));
      return report(title, outcomes, 'the shard is reconciled again on the next deploy');
    }
    case 'destroy': {
      const oldUserNames = parseUserNames(arg);
      const outcomes = await withClient(manifest, env, (client) =>
        removeDeparted(client, manifest, oldUserNames, { concurrency, teardown: env.DOMO_IDENTITY_TEARDOWN }),
      );
      return report(`${title} (removal policy ${manifest.removalPolicy})`, outcomes, 'the removal is retried on the next deploy');
    }
    default:
      throw new ConfigError(USAGE);
  }
}

async function withClient<T>(manifest: UserAttributesManifest, env: HandlerEnv, use: (client: ScimClient) => Promise<T>): Promise<T> {
  const client = new ScimClient({ baseUrl: manifest.scim.url, token: env.DOMO_SCIM_TOKEN, authScheme: manifest.scim.authScheme });
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
