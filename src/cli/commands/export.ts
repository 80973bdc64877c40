import type { Command } from 'commander';
import { z } from 'zod';
import { LOCAL_SCIM_URL } from '../../config/app-env';
import { publicApiFromEnv } from '../../config/public-api-env';
import { ScimClient } from '../../domo/scim/client';
import { LiveReads } from '../../drift/live-reads';
import { ConfigError } from '../../errors';
import type { ExportedFiles } from '../../kinds/export';
import type { KindDefinition } from '../../kinds/kind';
import { KINDS } from '../../kinds/registry';
import { AuthSchemeVariable, parseEnv, ScimTokenVariable } from '../../config/command-env';
import { exitCodesHelp } from '../exit-codes';

/** Read once at start, every problem listed; the token's value never appears in a message. */
const ExportEnv = z.object({
  DOMO_SCIM_URL: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? LOCAL_SCIM_URL : v)),
  DOMO_SCIM_TOKEN: ScimTokenVariable,
  DOMO_SCIM_AUTH_SCHEME: AuthSchemeVariable,
});

/** The kinds asked for, each with its options; every usage problem of every kind at once. */
function requestsOf(raw: Record<string, unknown>, kinds: readonly KindDefinition[]) {
  const asked: Array<{ kind: KindDefinition; options: unknown }> = [];
  const problems: string[] = [];
  for (const kind of kinds) {
    const request = kind.export?.options(raw);
    if (!request) continue;
    if ('problems' in request) problems.push(...request.problems);
    else if (request.asked) asked.push({ kind, options: request.options });
  }
  if (asked.length === 0 && problems.length === 0) {
    const whats = kinds.flatMap((k) => (k.export ? [k.export.what] : []));
    problems.push(`export needs ${whats.slice(0, -1).join(', ')} or ${whats[whats.length - 1]}, or several`);
  }
  if (problems.length > 0) throw new ConfigError(`export: invalid options:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return asked;
}

/**
 * `domo-identity export`: every kind asked for reads Domo first (each listing once, shared), then
 * every file is written, so a value one kind cannot export fails the run before any file is
 * written; logs what it wrote (and left out) to stderr.
 */
export async function runExportCommand(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
  kinds: readonly KindDefinition[] = KINDS,
): Promise<void> {
  const asked = requestsOf(raw, kinds);
  const { DOMO_SCIM_URL, DOMO_SCIM_TOKEN, DOMO_SCIM_AUTH_SCHEME } = parseEnv('export', ExportEnv, env);
  const scim = new ScimClient({ baseUrl: DOMO_SCIM_URL, token: DOMO_SCIM_TOKEN, authScheme: DOMO_SCIM_AUTH_SCHEME });
  const reads = new LiveReads({ scim, publicApi: (what) => publicApiFromEnv(env, what) });
  try {
    const read: ExportedFiles[] = [];
    for (const { kind, options } of asked) read.push(await kind.export!.read(options, { reads, cwd }));
    for (const files of read) {
      for (const w of files.warnings) process.stderr.write(`warning: ${w}\n`);
      for (const line of await files.write()) process.stderr.write(`${line}\n`);
    }
  } finally {
    await reads.close();
    await scim.close();
  }
}

/** Adds `domo-identity export`, with every kind's options. */
export function registerExport(program: Command, kinds: readonly KindDefinition[] = KINDS): void {
  const command = program
    .command('export')
    .description(
      'Write what Domo holds now in the forms this tool reads (CSV datasets, JSON files), to adopt an existing instance with a plan that changes nothing. Changes no data.',
    );
  for (const kind of kinds) for (const [flags, description] of kind.export?.flags ?? []) command.option(flags, description);
  command
    .addHelpText(
      'after',
      `\nConnects to DOMO_SCIM_URL (default ${LOCAL_SCIM_URL}) with DOMO_SCIM_TOKEN (sent as DOMO_SCIM_AUTH_SCHEME), never printed;\n` +
        'PDP policies are read with the API client DOMO_CLIENT_ID / DOMO_CLIENT_SECRET (DOMO_API_HOST, default https://api.domo.com).\n' +
        kinds.flatMap((k) => (k.export ? [k.export.readBack] : [])).join('\n') +
        '\n' +
        exitCodesHelp('export'),
    )
    .action(async (opts: Record<string, unknown>) => {
      await runExportCommand(opts);
    });
}
