import * as path from 'node:path';
import { z } from 'zod';
import {
  AzurermBackend,
  GcsBackend,
  HttpBackend,
  LocalBackend,
  NamedRemoteWorkspace,
  PgBackend,
  RemoteBackend,
  S3Backend,
  type TerraformBackend,
  type TerraformStack,
} from '../cdk';
import { parseEnv } from './command-env';

/**
 * Where Terraform keeps a stack's state, chosen by the environment so one app serves a laptop
 * (local), CI (a shared backend) and tests. Only settings that are not secrets are read here and
 * written to cdk.tf.json; credentials stay in the variables Terraform reads itself (AWS_*,
 * GOOGLE_*, ARM_*, PG_CONN_STR, TF_HTTP_PASSWORD, TF_TOKEN_<host>), so they never reach the
 * synthesized files, plan output or state. (DOMO_IDENTITY_STATE_* is not DOMO_IDENTITY_BACKING,
 * the resource type the constructs render.)
 */
export const STATE_BACKENDS = ['local', 's3', 'pg', 'remote', 'http', 'gcs', 'azurerm'] as const;
export type StateBackend = (typeof STATE_BACKENDS)[number];

/** The variable that names the backend; the others are `DOMO_IDENTITY_STATE_<SETTING>`. */
export const STATE_BACKEND_VARIABLE = 'DOMO_IDENTITY_STATE_BACKEND';

/** Blank counts as unset: a CI variable that expanded to nothing. */
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const required = (what: string) =>
  z
    .string({ error: `is not set (${what})` })
    .trim()
    .min(1, `is empty (${what})`);
const url = (what: string) =>
  required(what)
    .pipe(z.url({ error: `must be a URL (${what})` }))
    .refine((u) => new URL(u).username === '' && new URL(u).password === '', {
      message: 'must not hold credentials: put them in TF_HTTP_USERNAME and TF_HTTP_PASSWORD, which Terraform reads itself',
    });
/** A variable Terraform reads itself: checked for presence only, never written anywhere. */
const terraformReads = (what: string) =>
  z.string({ error: `is not set (${what}; Terraform reads it, this package never writes it)` }).min(1);

const Choice = z.object({
  [STATE_BACKEND_VARIABLE]: optional.pipe(
    z.enum(STATE_BACKENDS, { error: `must be one of ${STATE_BACKENDS.join(', ')}` }).default('local'),
  ),
});

const stateKey = (stackId: string) => `domo-identity/${stackId}.tfstate`;

/** Per backend: the variables it needs, and the backend made from them. */
const BACKENDS: { [B in StateBackend]: (stack: TerraformStack, env: NodeJS.ProcessEnv) => TerraformBackend } = {
  local(stack, env) {
    const { DOMO_IDENTITY_STATE_PATH } = parseEnv('state backend local', z.object({ DOMO_IDENTITY_STATE_PATH: optional }), env);
    // Terraform runs in cdktf.out/stacks/<stack>: a relative path is made absolute from the app's folder.
    return new LocalBackend(stack, DOMO_IDENTITY_STATE_PATH ? { path: path.resolve(DOMO_IDENTITY_STATE_PATH) } : {});
  },
  s3(stack, env) {
    const region = [env.DOMO_IDENTITY_STATE_REGION, env.AWS_REGION, env.AWS_DEFAULT_REGION].find((r) => r?.trim());
    const vars = parseEnv(
      'state backend s3',
      z.object({
        DOMO_IDENTITY_STATE_BUCKET: required('the S3 bucket that holds the state'),
        DOMO_IDENTITY_STATE_REGION: z.string({ error: "is not set (the bucket's region; AWS_REGION works too)" }).trim(),
        DOMO_IDENTITY_STATE_KEY: optional,
        DOMO_IDENTITY_STATE_DYNAMODB_TABLE: optional,
      }),
      { ...env, DOMO_IDENTITY_STATE_REGION: region },
    );
    const backend = new S3Backend(stack, {
      bucket: vars.DOMO_IDENTITY_STATE_BUCKET,
      key: vars.DOMO_IDENTITY_STATE_KEY ?? stateKey(stack.node.id),
      region: vars.DOMO_IDENTITY_STATE_REGION,
      ...(vars.DOMO_IDENTITY_STATE_DYNAMODB_TABLE ? { dynamodbTable: vars.DOMO_IDENTITY_STATE_DYNAMODB_TABLE } : {}),
    });
    // Without a lock two runs can write one state. S3's own lock file (Terraform >= 1.10) needs no
    // table; cdktf 0.21's S3 config has no field for it, hence the override.
    if (!vars.DOMO_IDENTITY_STATE_DYNAMODB_TABLE) backend.addOverride('use_lockfile', true);
    return backend;
  },
  pg(stack, env) {
    const vars = parseEnv(
      'state backend pg',
      z.object({ PG_CONN_STR: terraformReads('the PostgreSQL connection string'), DOMO_IDENTITY_STATE_SCHEMA: optional }),
      env,
    );
    // conn_str holds a password: left out of cdk.tf.json, so Terraform takes PG_CONN_STR.
    return new PgBackend(stack, {
      connStr: undefined as unknown as string,
      ...(vars.DOMO_IDENTITY_STATE_SCHEMA ? { schemaName: vars.DOMO_IDENTITY_STATE_SCHEMA } : {}),
    });
  },
  remote(stack, env) {
    const vars = parseEnv(
      'state backend remote',
      z.object({
        DOMO_IDENTITY_STATE_ORGANIZATION: required('the HCP Terraform / Terraform Enterprise organization'),
        DOMO_IDENTITY_STATE_WORKSPACE: optional,
        DOMO_IDENTITY_STATE_HOSTNAME: optional,
      }),
      env,
    );
    return new RemoteBackend(stack, {
      organization: vars.DOMO_IDENTITY_STATE_ORGANIZATION,
      workspaces: new NamedRemoteWorkspace(vars.DOMO_IDENTITY_STATE_WORKSPACE ?? stack.node.id),
      ...(vars.DOMO_IDENTITY_STATE_HOSTNAME ? { hostname: vars.DOMO_IDENTITY_STATE_HOSTNAME } : {}),
    });
  },
  http(stack, env) {
    const vars = parseEnv(
      'state backend http',
      z.object({
        DOMO_IDENTITY_STATE_ADDRESS: url('the state endpoint, e.g. https://state.example.com/domo-identity'),
        DOMO_IDENTITY_STATE_LOCK_ADDRESS: optional.pipe(z.url({ error: 'must be a URL' }).optional()),
        DOMO_IDENTITY_STATE_UNLOCK_ADDRESS: optional.pipe(z.url({ error: 'must be a URL' }).optional()),
      }),
      env,
    );
    return new HttpBackend(stack, {
      address: vars.DOMO_IDENTITY_STATE_ADDRESS,
      ...(vars.DOMO_IDENTITY_STATE_LOCK_ADDRESS ? { lockAddress: vars.DOMO_IDENTITY_STATE_LOCK_ADDRESS } : {}),
      ...(vars.DOMO_IDENTITY_STATE_UNLOCK_ADDRESS ? { unlockAddress: vars.DOMO_IDENTITY_STATE_UNLOCK_ADDRESS } : {}),
    });
  },
  gcs(stack, env) {
    const vars = parseEnv(
      'state backend gcs',
      z.object({ DOMO_IDENTITY_STATE_BUCKET: required('the GCS bucket that holds the state'), DOMO_IDENTITY_STATE_PREFIX: optional }),
      env,
    );
    return new GcsBackend(stack, {
      bucket: vars.DOMO_IDENTITY_STATE_BUCKET,
      prefix: vars.DOMO_IDENTITY_STATE_PREFIX ?? `domo-identity/${stack.node.id}`,
    });
  },
  azurerm(stack, env) {
    const vars = parseEnv(
      'state backend azurerm',
      z.object({
        DOMO_IDENTITY_STATE_STORAGE_ACCOUNT: required('the storage account that holds the state'),
        DOMO_IDENTITY_STATE_CONTAINER: required('the blob container that holds the state'),
        DOMO_IDENTITY_STATE_KEY: optional,
        DOMO_IDENTITY_STATE_RESOURCE_GROUP: optional,
      }),
      env,
    );
    return new AzurermBackend(stack, {
      storageAccountName: vars.DOMO_IDENTITY_STATE_STORAGE_ACCOUNT,
      containerName: vars.DOMO_IDENTITY_STATE_CONTAINER,
      key: vars.DOMO_IDENTITY_STATE_KEY ?? stateKey(stack.node.id),
      ...(vars.DOMO_IDENTITY_STATE_RESOURCE_GROUP ? { resourceGroupName: vars.DOMO_IDENTITY_STATE_RESOURCE_GROUP } : {}),
    });
  },
};

/**
 * Adds the state backend that `DOMO_IDENTITY_STATE_BACKEND` names (local when unset) to `stack`,
 * configured from `DOMO_IDENTITY_STATE_*`. Every variable is validated first; a missing or bad
 * one is a ConfigError (exit 2 through runApp) naming it and saying what it is for.
 *
 * | backend | needs | optional (default) |
 * |---|---|---|
 * | local | - | PATH (terraform.<stack>.tfstate in the app's folder) |
 * | s3 | BUCKET, REGION (or AWS_REGION) | KEY (domo-identity/<stack>.tfstate), DYNAMODB_TABLE (else use_lockfile) |
 * | pg | PG_CONN_STR (read by Terraform) | SCHEMA (terraform_remote_state) |
 * | remote | ORGANIZATION | WORKSPACE (<stack>), HOSTNAME (app.terraform.io) |
 * | http | ADDRESS | LOCK_ADDRESS, UNLOCK_ADDRESS |
 * | gcs | BUCKET | PREFIX (domo-identity/<stack>) |
 * | azurerm | STORAGE_ACCOUNT, CONTAINER | KEY (domo-identity/<stack>.tfstate), RESOURCE_GROUP |
 */
export function backendFromEnv(stack: TerraformStack, env: NodeJS.ProcessEnv = process.env): TerraformBackend {
  const { DOMO_IDENTITY_STATE_BACKEND: backend } = parseEnv(undefined, Choice, env);
  return BACKENDS[backend](stack, env);
}
