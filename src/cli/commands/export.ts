import * as path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { LOCAL_SCIM_URL } from '../../config/app-env';
import { publicApiFromEnv } from '../../config/public-api-env';
import { ConfigError } from '../../errors';
import { readPolicyExport, runExport, writePoliciesFile, type ExportedData, type ExportedPolicies } from '../export';
import { AuthSchemeVariable, parseEnv, ScimTokenVariable } from '../../config/command-env';
import { exitCodesHelp } from '../exit-codes';

const list = (what: string, example: string) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k !== ''),
    )
    .refine((items) => items.length > 0, `${what} needs at least one value, e.g. ${example}`);

const ExportCommandOptions = z
  .object({
    out: z.string().min(1).optional(),
    keys: list('--keys', '--keys franchise,region').optional(),
    userNameColumn: z.string().default('userName'),
    separator: z.string().default(','),
    groupsOut: z.string().min(1).optional(),
    datasets: list('--datasets', '--datasets 7c3e5a10-sales').optional(),
    policiesOut: z.string().min(1).optional(),
  })
  .superRefine((o, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (o.out === undefined && o.policiesOut === undefined)
      problem('export needs --out FILE (users and their attributes) or --policies-out FILE (PDP policies), or both');
    if (o.out !== undefined && o.keys === undefined)
      problem('--keys is required with --out: the custom attribute keys to export, e.g. --keys franchise,region');
    if (o.groupsOut !== undefined && o.out === undefined) problem('--groups-out is written with the users: give --out and --keys too');
    if (o.policiesOut !== undefined && o.datasets === undefined)
      problem('--policies-out needs --datasets: the dataset ids whose policies to export');
    if (o.datasets !== undefined && o.policiesOut === undefined)
      problem('--datasets is for --policies-out: give the file to write the policies to');
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

export interface ExportCommandResult {
  readonly users?: ExportedData;
  readonly policies?: ExportedPolicies;
}

/** `domo-identity export`: writes the CSV file(s) and the policies file; logs what it wrote (and left out) to stderr. */
export async function runExportCommand(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<ExportCommandResult> {
  const parsed = ExportCommandOptions.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`export: invalid options:\n${z.prettifyError(parsed.error)}`);
  const opts = parsed.data;
  const { DOMO_SCIM_URL, DOMO_SCIM_TOKEN, DOMO_SCIM_AUTH_SCHEME } = parseEnv('export', ExportEnv, env);
  const publicApi = opts.policiesOut !== undefined ? publicApiFromEnv(env, 'export --policies-out reads PDP policies') : undefined;
  const connection = { scimUrl: DOMO_SCIM_URL, token: DOMO_SCIM_TOKEN, authScheme: DOMO_SCIM_AUTH_SCHEME };
  // Policies are read first and written last: a policy that cannot be exported fails the run before any file is written.
  const policies = publicApi ? await readPolicyExport({ ...connection, publicApi, datasets: opts.datasets! }) : undefined;
  let users: ExportedData | undefined;
  if (opts.out !== undefined) {
    const out = path.resolve(cwd, opts.out);
    const groupsOut = opts.groupsOut === undefined ? undefined : path.resolve(cwd, opts.groupsOut);
    users = await runExport(
      { ...connection, keys: opts.keys!, userNameColumn: opts.userNameColumn, separator: opts.separator },
      { out, ...(groupsOut === undefined ? {} : { groupsOut }) },
    );
    for (const w of users.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stderr.write(`Wrote ${users.users.rows.length} user(s) with ${opts.keys!.join(', ')} to ${out}\n`);
    if (users.groups && groupsOut !== undefined) {
      const count = new Set(users.groups.rows.map((r) => r.values['group'])).size;
      process.stderr.write(`Wrote ${users.groups.rows.length} membership(s) of ${count} group(s) to ${groupsOut}\n`);
    }
  }
  if (policies && opts.policiesOut !== undefined) {
    const file = path.resolve(cwd, opts.policiesOut);
    writePoliciesFile(policies, file);
    for (const w of policies.warnings) process.stderr.write(`warning: ${w}\n`);
    const count = Object.values(policies.datasets).reduce((n, list) => n + list.length, 0);
    process.stderr.write(
      `Wrote ${count} PDP polic${count === 1 ? 'y' : 'ies'} of ${Object.keys(policies.datasets).length} dataset(s) to ${file}\n`,
    );
  }
  return { ...(users ? { users } : {}), ...(policies ? { policies } : {}) };
}

/** Adds `domo-identity export`. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      "Write live users' custom attributes (and group memberships) as CSV datasets, and PDP policies as JSON, in the formats this tool reads, to adopt an existing instance. Changes no data.",
    )
    .option('--out <file>', 'the users CSV to write: the userName column plus one column per key')
    .option('--keys <k1,k2>', 'custom attribute keys to export (with --out), each a column named exactly as the key')
    .option('--user-name-column <name>', 'name of the userName column', 'userName')
    .option('--separator <char>', 'separator inside a multi-value cell [a, b] (give the mapping the same multiValue.separator)', ',')
    .option('--groups-out <file>', 'also write group memberships as CSV: group,userName,domoDisplayName,description')
    .option('--datasets <id1,id2>', 'dataset ids whose PDP policies to export (with --policies-out)')
    .option('--policies-out <file>', "write the datasets' PDP policies as JSON, in the shape DomoPdpPolicies' datasets prop takes")
    .addHelpText(
      'after',
      `\nConnects to DOMO_SCIM_URL (default ${LOCAL_SCIM_URL}) with DOMO_SCIM_TOKEN (sent as DOMO_SCIM_AUTH_SCHEME), never printed;\n` +
        'PDP policies are read with the API client DOMO_CLIENT_ID / DOMO_CLIENT_SECRET (DOMO_API_HOST, default https://api.domo.com).\n' +
        "Read the users CSV with mapUserAttributes(readCsvFile(file), { attributes: { key: 'key', ... } }), the groups CSV with\n" +
        "deriveGroups(readCsvFile(file), { groupBy: 'group', domoDisplayName: { column: 'domoDisplayName' }, description: { column: 'description' } }),\n" +
        'the policies with new DomoPdpPolicies(stack, id, { datasets: readPdpPoliciesFile(file), scim }).\n' +
        exitCodesHelp({ 0: 'written' }),
    )
    .action(async (opts: Record<string, unknown>) => {
      await runExportCommand(opts);
    });
}
