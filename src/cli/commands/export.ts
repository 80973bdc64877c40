import * as path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { LOCAL_SCIM_URL } from '../../config/app-env';
import { ConfigError } from '../../errors';
import { runExport, type ExportedData } from '../export';
import { AuthSchemeVariable, parseEnv, ScimTokenVariable } from '../../config/command-env';
import { exitCodesHelp } from '../exit-codes';

const ExportCommandOptions = z.object({
  out: z.string({ error: 'is required: the CSV file to write, e.g. --out roster.csv' }).min(1),
  keys: z
    .string({ error: 'is required: the custom attribute keys to export, e.g. --keys franchise,region' })
    .transform((s) =>
      s
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k !== ''),
    )
    .refine((keys) => keys.length > 0, '--keys needs at least one value, e.g. --keys franchise,region'),
  userNameColumn: z.string().default('userName'),
  separator: z.string().default(','),
  groupsOut: z.string().min(1).optional(),
});

/** Read once at start, every problem listed; the token's value never appears in a message. */
const ExportEnv = z.object({
  DOMO_SCIM_URL: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? LOCAL_SCIM_URL : v)),
  DOMO_SCIM_TOKEN: ScimTokenVariable,
  DOMO_SCIM_AUTH_SCHEME: AuthSchemeVariable,
});

/** `domo-identity export`: writes the CSV file(s); logs what it wrote (and left out) to stderr. */
export async function runExportCommand(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<ExportedData> {
  const parsed = ExportCommandOptions.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`export: invalid options:\n${z.prettifyError(parsed.error)}`);
  const opts = parsed.data;
  const { DOMO_SCIM_URL, DOMO_SCIM_TOKEN, DOMO_SCIM_AUTH_SCHEME } = parseEnv('export', ExportEnv, env);
  const out = path.resolve(cwd, opts.out);
  const groupsOut = opts.groupsOut === undefined ? undefined : path.resolve(cwd, opts.groupsOut);
  const data = await runExport(
    {
      scimUrl: DOMO_SCIM_URL,
      token: DOMO_SCIM_TOKEN,
      authScheme: DOMO_SCIM_AUTH_SCHEME,
      keys: opts.keys,
      userNameColumn: opts.userNameColumn,
      separator: opts.separator,
    },
    { out, ...(groupsOut === undefined ? {} : { groupsOut }) },
  );
  for (const w of data.warnings) process.stderr.write(`warning: ${w}\n`);
  process.stderr.write(`Wrote ${data.users.rows.length} user(s) with ${opts.keys.join(', ')} to ${out}\n`);
  if (data.groups && groupsOut !== undefined) {
    const count = new Set(data.groups.rows.map((r) => r.values['group'])).size;
    process.stderr.write(`Wrote ${data.groups.rows.length} membership(s) of ${count} group(s) to ${groupsOut}\n`);
  }
  return data;
}

/** Adds `domo-identity export`. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      "Write live users' custom attributes (and group memberships) as CSV datasets this tool reads, to adopt an existing instance. Changes no data.",
    )
    .requiredOption('--out <file>', 'the users CSV to write: the userName column plus one column per key')
    .requiredOption('--keys <k1,k2>', 'custom attribute keys to export, each a column named exactly as the key')
    .option('--user-name-column <name>', 'name of the userName column', 'userName')
    .option('--separator <char>', 'separator inside a multi-value cell [a, b] (give the mapping the same multiValue.separator)', ',')
    .option('--groups-out <file>', 'also write group memberships as CSV: group,userName,domoDisplayName,description')
    .addHelpText(
      'after',
      `\nConnects to DOMO_SCIM_URL (default ${LOCAL_SCIM_URL}) with DOMO_SCIM_TOKEN (sent as DOMO_SCIM_AUTH_SCHEME), never printed.\n` +
        "Read the users CSV with mapUserAttributes(readCsvFile(file), { attributes: { key: 'key', ... } }), the groups CSV with\n" +
        "deriveGroups(readCsvFile(file), { groupBy: 'group', domoDisplayName: { column: 'domoDisplayName' }, description: { column: 'description' } }).\n" +
        exitCodesHelp({ 0: 'written' }),
    )
    .action(async (opts: Record<string, unknown>) => {
      await runExportCommand(opts);
    });
}
