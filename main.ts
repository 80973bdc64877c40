import { runApp } from './src/app/run-app';
import { loadAppEnv } from './src/config/app-env';
import { FranchiseIdentityStack } from './stacks';
import { loadDataset } from './src/sources';
import { backendFromEnv } from './src/config/backend';

// The cdktf app: configuration comes from the environment (see README, "Configuration"). A dataset
// location is a CSV file (a pinned snapshot) or `domo-dataset:<id>`, read live from Domo.
// runApp prints a failure once, without a stack trace: exit 2 for bad input or configuration,
// 1 for Domo or network failures.
void runApp(async (app) => {
  const env = loadAppEnv();
  const [roster, training] = await Promise.all([loadDataset(env.DOMO_IDENTITY_ROSTER), loadDataset(env.DOMO_IDENTITY_TRAINING)]);
  const stack = new FranchiseIdentityStack(app, 'franchise-identity', {
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
    ...(env.DOMO_IDENTITY_SALES_DATASET === 'none' ? {} : { salesDataset: env.DOMO_IDENTITY_SALES_DATASET }),
    policyRemovalPolicy: env.DOMO_IDENTITY_POLICY_REMOVAL_POLICY,
  });
  // State: local unless DOMO_IDENTITY_STATE_BACKEND names a shared backend (README, "State backends").
  backendFromEnv(stack);
});
