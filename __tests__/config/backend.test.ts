import { App, TerraformStack, Testing } from 'cdktf';
import { backendFromEnv, STATE_BACKENDS } from '../../src/config/backend';

/** The stack's `terraform.backend` block as cdk.tf.json has it. */
function backendOf(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'identity');
  backendFromEnv(stack, env);
  return (JSON.parse(Testing.synth(stack)) as { terraform: { backend: Record<string, unknown> } }).terraform.backend;
}

/** The message of the ConfigError `backendFromEnv` throws for `env`. */
function problemOf(env: NodeJS.ProcessEnv): string {
  const stack = new TerraformStack(new App(), 'identity');
  try {
    backendFromEnv(stack, env);
  } catch (err) {
    expect((err as Error).name).toBe('ConfigError');
    return (err as Error).message;
  }
  throw new Error('no error');
}

describe('backendFromEnv: the state backend from DOMO_IDENTITY_STATE_*', () => {
  it('is the local backend when unset or blank, as cdktf would add it', () => {
    const local = { local: { path: `${process.cwd()}/terraform.identity.tfstate` } };
    expect(backendOf({})).toEqual(local);
    expect(backendOf({ DOMO_IDENTITY_STATE_BACKEND: ' ' })).toEqual(local);
    expect(backendOf({ DOMO_IDENTITY_STATE_BACKEND: 'local', DOMO_IDENTITY_STATE_PATH: 'state/x.tfstate' })).toEqual({
      local: { path: `${process.cwd()}/state/x.tfstate` },
    });
  });

  it.each([
    [
      's3',
      { DOMO_IDENTITY_STATE_BUCKET: 'acme-tf', AWS_REGION: 'us-east-2' },
      { s3: { bucket: 'acme-tf', key: 'domo-identity/identity.tfstate', region: 'us-east-2', use_lockfile: true } },
    ],
    [
      's3',
      {
        DOMO_IDENTITY_STATE_BUCKET: 'acme-tf',
        DOMO_IDENTITY_STATE_REGION: 'eu-west-1',
        DOMO_IDENTITY_STATE_KEY: 'k.tfstate',
        DOMO_IDENTITY_STATE_DYNAMODB_TABLE: 'locks',
      },
      { s3: { bucket: 'acme-tf', key: 'k.tfstate', region: 'eu-west-1', dynamodb_table: 'locks' } },
    ],
    ['pg', { PG_CONN_STR: 'postgres://u:secret@db/tf', DOMO_IDENTITY_STATE_SCHEMA: 'domo' }, { pg: { schema_name: 'domo' } }],
    ['remote', { DOMO_IDENTITY_STATE_ORGANIZATION: 'acme' }, { remote: { organization: 'acme', workspaces: { name: 'identity' } } }],
    [
      'http',
      { DOMO_IDENTITY_STATE_ADDRESS: 'https://state.example.com/x', DOMO_IDENTITY_STATE_LOCK_ADDRESS: 'https://state.example.com/x/lock' },
      { http: { address: 'https://state.example.com/x', lock_address: 'https://state.example.com/x/lock' } },
    ],
    ['gcs', { DOMO_IDENTITY_STATE_BUCKET: 'acme-tf' }, { gcs: { bucket: 'acme-tf', prefix: 'domo-identity/identity' } }],
    [
      'azurerm',
      { DOMO_IDENTITY_STATE_STORAGE_ACCOUNT: 'acmetf', DOMO_IDENTITY_STATE_CONTAINER: 'state' },
      { azurerm: { storage_account_name: 'acmetf', container_name: 'state', key: 'domo-identity/identity.tfstate' } },
    ],
  ])('%s: %j', (backend, env, expected) => {
    expect(backendOf({ DOMO_IDENTITY_STATE_BACKEND: backend, ...env })).toEqual(expected);
  });

  it('never writes a credential Terraform reads itself', () => {
    const json = JSON.stringify(backendOf({ DOMO_IDENTITY_STATE_BACKEND: 'pg', PG_CONN_STR: 'postgres://u:secret@db/tf' }));
    expect(json).not.toContain('secret');
    expect(json).not.toContain('conn_str');
  });

  it.each([
    [
      { DOMO_IDENTITY_STATE_BACKEND: 'S3' },
      'the environment is incomplete:\n  - DOMO_IDENTITY_STATE_BACKEND must be one of ' + STATE_BACKENDS.join(', '),
    ],
    [
      { DOMO_IDENTITY_STATE_BACKEND: 's3' },
      'state backend s3: the environment is incomplete:\n' +
        '  - DOMO_IDENTITY_STATE_BUCKET is not set (the S3 bucket that holds the state)\n' +
        "  - DOMO_IDENTITY_STATE_REGION is not set (the bucket's region; AWS_REGION works too)",
    ],
    [
      { DOMO_IDENTITY_STATE_BACKEND: 'pg' },
      'state backend pg: the environment is incomplete:\n' +
        '  - PG_CONN_STR is not set (the PostgreSQL connection string; Terraform reads it, this package never writes it)',
    ],
    [
      { DOMO_IDENTITY_STATE_BACKEND: 'remote' },
      'state backend remote: the environment is incomplete:\n' +
        '  - DOMO_IDENTITY_STATE_ORGANIZATION is not set (the HCP Terraform / Terraform Enterprise organization)',
    ],
    [
      { DOMO_IDENTITY_STATE_BACKEND: 'http', DOMO_IDENTITY_STATE_ADDRESS: 'https://me:pw@state.example.com/x' },
      'state backend http: the environment is incomplete:\n' +
        '  - DOMO_IDENTITY_STATE_ADDRESS must not hold credentials: put them in TF_HTTP_USERNAME and TF_HTTP_PASSWORD, which Terraform reads itself',
    ],
    [
      { DOMO_IDENTITY_STATE_BACKEND: 'azurerm', DOMO_IDENTITY_STATE_CONTAINER: ' ' },
      'state backend azurerm: the environment is incomplete:\n' +
        '  - DOMO_IDENTITY_STATE_STORAGE_ACCOUNT is not set (the storage account that holds the state)\n' +
        '  - DOMO_IDENTITY_STATE_CONTAINER is empty (the blob container that holds the state)',
    ],
  ])('refuses %j, naming every variable', (env, message) => {
    expect(problemOf(env)).toBe(message);
  });
});
