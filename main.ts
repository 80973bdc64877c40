import { App } from 'cdktf';
import { loadAppEnv } from './src/config/app-env';
import { exitCodeOf } from './src/errors';
import { FranchiseIdentityStack } from './stacks';
import { loadDataset } from './src/sources';

// The cdktf app: configuration comes from the environment (see README, "Configuration"). A dataset
// location is a CSV file (a pinned snapshot) or `domo-dataset:<id>`, read live from Domo.
async function main(): Promise<void> {
  const env = loadAppEnv();
  const [roster, training] = await Promise.all([loadDataset(env.DOMO_IDENTITY_ROSTER), loadDataset(env.DOMO_IDENTITY_TRAINING)]);
  const app = new App();
  new FranchiseIdentityStack(app, 'franchise-identity', {
    scim: { url: env.DOMO_SCIM_URL, authScheme: env.DOMO_SCIM_AUTH_SCHEME },
    roster,
    training,
    manageUsers: env.DOMO_IDENTITY_MANAGE_USERS === 'true',
    userRemovalPolicy: env.DOMO_IDENTITY_USER_REMOVAL_POLICY,
    backing: env.DOMO_IDENTITY_BACKING,
    shards: env.DOMO_IDENTITY_SHARDS,
    removalPolicy: env.DOMO_IDENTITY_REMOVAL_POLICY,
    membership: env.DOMO_IDENTITY_MEMBERSHIP,
    groupRemovalPolicy: env.DOMO_IDENTITY_GROUP_REMOVAL_POLICY,
  });
  app.synth();
}

// Bad input or configuration exits 2, as in the CLI; Domo or network failures exit 1.
main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message ?? String(err)}\n`);
  process.exitCode = exitCodeOf(err);
});
