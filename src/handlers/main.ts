import { ScimClient } from '../scim/client';
import { UserAttributesManifest } from '../model/manifest';
import { ConfigError } from '../errors';
import { loadHandlerEnv } from './env';
import { loadManifest, verifyShard } from './manifest-loader';
import { reconcileShard, removeDeparted } from './user-attributes';
import { failureReport, summarize } from './outcome';

const USAGE = 'usage: handler.js user-attributes <create|destroy|verify> <manifest> <shard> <digest|userNames-json>';

/**
 * Entry of the bundled handler that local-exec starts with `node` (no shell). Arguments come
 * from Terraform: the manifest path and shard key from config, the last one from `self`.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [kind, phase, manifestFile, shard, arg] = argv;
  if (kind !== 'user-attributes' || !manifestFile || shard === undefined || arg === undefined) throw new ConfigError(USAGE);
  const env = loadHandlerEnv();
  const manifest = loadManifest(manifestFile, UserAttributesManifest);
  const title = `${manifest.constructPath} shard ${JSON.stringify(shard)}`;

  if (phase === 'verify' || phase === 'create') {
    const users = verifyShard(manifest, manifestFile, shard, arg);
    if (phase === 'verify') return 0;
    const client = new ScimClient({ baseUrl: manifest.scim.url, token: env.DOMO_SCIM_TOKEN, authScheme: manifest.scim.authScheme });
    try {
      const outcomes = await reconcileShard(client, manifest, users, { concurrency: env.DOMO_IDENTITY_CONCURRENCY });
      return report(title, outcomes, 'the shard is reconciled again on the next deploy');
    } finally {
      await client.close();
    }
  }
  if (phase === 'destroy') {
    const oldUserNames = parseUserNames(arg);
    const client = new ScimClient({ baseUrl: manifest.scim.url, token: env.DOMO_SCIM_TOKEN, authScheme: manifest.scim.authScheme });
    try {
      const outcomes = await removeDeparted(client, manifest, oldUserNames, {
        concurrency: env.DOMO_IDENTITY_CONCURRENCY,
        teardown: env.DOMO_IDENTITY_TEARDOWN,
      });
      return report(`${title} (removal policy ${manifest.removalPolicy})`, outcomes, 'the removal is retried on the next deploy');
    } finally {
      await client.close();
    }
  }
  throw new ConfigError(USAGE);
}

function report(title: string, outcomes: Parameters<typeof summarize>[1], retry: string): number {
  const { text, failed } = summarize(title, outcomes);
  process.stdout.write(`${text}\n`);
  if (failed.length === 0) return 0;
  process.stderr.write(`${failureReport(title, failed, retry)}\n`);
  return 1;
}

function parseUserNames(arg: string): string[] {
  const parsed: unknown = JSON.parse(arg);
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) throw new ConfigError('The destroy handler expects a JSON list of userNames.');
  return parsed;
}
