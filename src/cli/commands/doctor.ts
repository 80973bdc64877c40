import * as path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { LOCAL_SCIM_URL } from '../../config/app-env';
import { ConfigError } from '../../errors';
import { DoctorFailedError } from '../doctor/errors';
import { readManagedNames } from '../doctor/managed-names';
import { formatReport } from '../doctor/report';
import { runDoctor } from '../doctor/run-doctor';
import { AuthSchemeVariable, parseEnv, ScimTokenVariable } from '../../config/command-env';
import { exitCodesHelp } from '../exit-codes';
import { commaList } from './run-options';

const DoctorCommandOptions = z.object({
  url: z.string().optional(),
  keys: commaList('--keys', 'franchise,region').optional(),
  roles: commaList('--roles', '"Participant,Store Manager"').optional(),
  dir: z.string().default('.'),
  json: z.boolean().default(false),
  writeCheck: z.boolean().default(false),
});

/** Read once at start, every problem listed; the token's value never appears in a message. */
const DoctorEnv = z.object({
  // An empty variable counts as unset, as shells make it easy to export one by accident.
  DOMO_SCIM_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  DOMO_SCIM_TOKEN: ScimTokenVariable,
  DOMO_SCIM_AUTH_SCHEME: AuthSchemeVariable,
});

/** `domo-identity doctor`: prints the report; throws DoctorFailedError (exit 1) when a check failed, ConfigError (exit 2) for bad usage. */
export async function runDoctorCommand(raw: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const parsed = DoctorCommandOptions.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`doctor: invalid options:\n${z.prettifyError(parsed.error)}`);
  const opts = parsed.data;
  const { DOMO_SCIM_URL, DOMO_SCIM_TOKEN, DOMO_SCIM_AUTH_SCHEME } = parseEnv('doctor', DoctorEnv, env);
  const project = opts.keys && opts.roles ? undefined : namesOfProject(opts.dir, { keys: !opts.keys, roles: !opts.roles });
  const keys = opts.keys ?? project?.keys ?? [];
  const roles = opts.roles ?? project?.roles ?? [];
  const scimUrl = opts.url ?? DOMO_SCIM_URL ?? LOCAL_SCIM_URL;
  const report = await runDoctor({
    scimUrl,
    token: DOMO_SCIM_TOKEN,
    authScheme: DOMO_SCIM_AUTH_SCHEME,
    keys,
    roles,
    manageRoles: project?.manageRoles ?? false,
    writeCheck: opts.writeCheck,
  });
  process.stdout.write(`${opts.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
  if (!report.ok) throw new DoctorFailedError(report);
}

/** The keys and roles the synthesized project in `dir` needs, saying on stderr where they came from. */
function namesOfProject(dir: string, wanted: { keys: boolean; roles: boolean }): { keys: string[]; roles: string[]; manageRoles: boolean } {
  const found = readManagedNames(path.resolve(dir));
  const where = path.join(dir, 'cdktf.out');
  if (found.files.length === 0) {
    process.stderr.write(`No managed keys or roles found in ${where} (synthesize the project first, or pass --keys and --roles).\n`);
  } else {
    const lists = [
      ...(wanted.keys ? [`managed keys: ${found.keys.join(', ') || '(none)'}`] : []),
      ...(wanted.roles ? [`role ids: ${found.roles.join(', ') || '(none)'}`] : []),
    ];
    process.stderr.write(`From ${found.files.length} construct file(s) in ${where}: ${lists.join('; ')}\n`);
  }
  return found;
}

/** Adds `domo-identity doctor`. */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description(
      "Check that Domo is ready for this tool: the token, its owner's grants, the managed attribute keys and roles. " +
        'Changes no data unless --write-check is given.',
    )
    .option('--url <scim url>', `SCIM root URL (default: $DOMO_SCIM_URL, else ${LOCAL_SCIM_URL})`)
    .option('--keys <k1,k2>', 'managed custom attribute keys to check (default: the keys the synthesized project in --dir writes)')
    .option('--roles <r1,r2>', 'role names or ids that must exist (default: the roles the synthesized project in --dir gives users)')
    .option('--dir <dir>', 'the cdktf project folder whose cdktf.out names the managed keys and roles', '.')
    .option('--json', 'print { ok, checks } as JSON instead of one line per check')
    .option(
      '--write-check',
      "also prove the write grant by rewriting one user's managed attribute with the value it already has (one PATCH); " +
        'without it grant:users-write is skipped',
    )
    .addHelpText(
      'after',
      '\nThe token is read from DOMO_SCIM_TOKEN (sent as DOMO_SCIM_AUTH_SCHEME: bearer or developer-token) and never printed.' +
        exitCodesHelp('doctor'),
    )
    .action(async (opts: Record<string, unknown>) => {
      await runDoctorCommand(opts);
    });
}
