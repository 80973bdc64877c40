import { TerraformStack } from 'cdktf';
import { backendFromEnv, ConfigError, DomoUserAttributes, loadDataset, mapUserAttributes, runApp } from 'cdktf-domo-identity';

// A cdktf app that keeps Domo user attributes equal to a dataset. Everything it needs comes from the
// environment, so the same code runs on a laptop against the local Domo service and in CI against
// Domo (README.md):
//   DOMO_SCIM_URL            the SCIM root, e.g. https://acme.domo.com/api/identity/v1/scim
//   DOMO_SCIM_TOKEN          read by the handlers at deploy, never written anywhere
//   DOMO_IDENTITY_USERS      the dataset: a CSV file (default data/users.csv) or domo-dataset:<id>
//   DOMO_IDENTITY_STATE_*    where Terraform keeps state (local unless DOMO_IDENTITY_STATE_BACKEND says otherwise)
// runApp prints a failure once: exit 2 for bad input or configuration, 1 otherwise.
void runApp(async (app) => {
  const scimUrl = process.env.DOMO_SCIM_URL;
  if (!scimUrl) throw new ConfigError('DOMO_SCIM_URL is not set: the SCIM root, e.g. https://acme.domo.com/api/identity/v1/scim');
  const users = await loadDataset(process.env.DOMO_IDENTITY_USERS || 'data/users.csv');

  const stack = new TerraformStack(app, 'domo-identity');
  backendFromEnv(stack);
  new DomoUserAttributes(stack, 'FranchiseAttributes', {
    // Domo custom attribute key -> dataset column, named as `domo-identity export` names them (README,
    // "Adopt"). Keys not listed here are never touched.
    users: mapUserAttributes(users, { userNameColumn: 'email', attributes: { franchise: 'franchise', storeNumber: 'storeNumber' } }),
    managedKeys: ['franchise', 'storeNumber'],
    scim: { url: scimUrl },
  });
});
