import * as path from 'node:path';
import { DomoApiClient } from '../domo/api/client';
import { instanceUrlFromScimUrl } from '../domo/url';
import { DefinitionFile, DefinitionsConstructFile, definitionFileName, definitionTriggers } from '../model/custom-attributes';
import { CONSTRUCT_FILE, type ScimConnection } from '../model/manifest';
import { terraformMapDigest } from '../model/terraform-json';
import type { HandlerEnv } from '../engine/env';
import { checkDigest, loadManifest } from '../engine/manifests';
import { reconcileDefinition, removeDefinition } from './custom-attributes';
import { report, type PhaseContext } from './run-support';

/** DomoCustomAttributes: create reconciles one definition, destroy applies the removal policy. */
export async function runCustomAttributes({ phase, manifestDir, key, arg, env }: PhaseContext): Promise<number> {
  if (phase === 'create' || phase === 'verify') {
    const file = path.join(manifestDir, definitionFileName(key));
    const manifest = loadManifest(file, DefinitionFile);
    checkDigest(terraformMapDigest(definitionTriggers(manifest.definition)), arg, file, `attribute ${JSON.stringify(key)}`);
    if (phase === 'verify') return 0;
    const outcome = await withApi(manifest.scim, env, (api) => reconcileDefinition(api, manifest.definition));
    return report(`${manifest.constructPath} attribute ${JSON.stringify(key)}`, [outcome], 'it is reconciled again on the next deploy');
  }
  const manifest = loadManifest(path.join(manifestDir, CONSTRUCT_FILE), DefinitionsConstructFile);
  const outcome = await withApi(manifest.scim, env, (api) => removeDefinition(api, manifest, arg, env.DOMO_IDENTITY_TEARDOWN));
  return report(
    `${manifest.constructPath} attribute ${JSON.stringify(arg)} (removal policy ${manifest.removalPolicy})`,
    [outcome],
    'the removal is retried on the next deploy',
  );
}

async function withApi<T>(scim: ScimConnection, env: HandlerEnv, use: (api: DomoApiClient) => Promise<T>): Promise<T> {
  const api = new DomoApiClient({ instanceUrl: instanceUrlFromScimUrl(scim.url), token: env.DOMO_SCIM_TOKEN, authScheme: scim.authScheme });
  try {
    return await use(api);
  } finally {
    await api.close?.();
  }
}
