import { App } from 'cdktf';
import { loadAppEnv } from './src/config/app-env';
import { FranchiseIdentityStack } from './stacks';
import { readCsvFile } from './src/sources';

// The cdktf app: configuration comes from the environment (see README, "Configuration").
try {
  const env = loadAppEnv();
  const app = new App();
  new FranchiseIdentityStack(app, 'franchise-identity', {
    scim: { url: env.DOMO_SCIM_URL, authScheme: env.DOMO_SCIM_AUTH_SCHEME },
    roster: readCsvFile(env.DOMO_IDENTITY_ROSTER),
    training: readCsvFile(env.DOMO_IDENTITY_TRAINING),
    manageUsers: env.DOMO_IDENTITY_MANAGE_USERS === 'true',
    userRemovalPolicy: env.DOMO_IDENTITY_USER_REMOVAL_POLICY,
    backing: env.DOMO_IDENTITY_BACKING,
    shards: env.DOMO_IDENTITY_SHARDS,
    removalPolicy: env.DOMO_IDENTITY_REMOVAL_POLICY,
    membership: env.DOMO_IDENTITY_MEMBERSHIP,
    groupRemovalPolicy: env.DOMO_IDENTITY_GROUP_REMOVAL_POLICY,
  });
  app.synth();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
}
