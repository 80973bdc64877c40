/**
 * The one place this package takes the CDK core from: `cdktf` (CDK for Terraform, archived by
 * HashiCorp on 2025-12-10 at 0.21) or `cdktn` (CDK Terrain, its community continuation, which
 * keeps every name cdktf exports). Everything in src/ imports the core from here, never from
 * 'cdktf' directly, so the package works with either install:
 *
 * - `cdktf` installed (with cdktf-cli, or with cdktn-cli, which pulls `cdktn` in beside it): cdktf.
 *   The app imports from 'cdktf', so the library uses the same copy.
 * - `cdktf` installed as an alias of cdktn (`"cdktf": "npm:cdktn@0.24.0"`): 'cdktf' resolves to
 *   cdktn's code, so that is what app and library share.
 * - only `cdktn` installed (the app imports from 'cdktn'): cdktn.
 *
 * cdktf comes first because a project that only swapped its CLI for cdktn-cli still imports from
 * 'cdktf' and has `cdktn` in node_modules too. DOMO_IDENTITY_CDK=cdktn|cdktf decides when both are
 * installed and the app imports the other one (e.g. a cdktn app whose @cdktf/provider-* packages
 * pull cdktf in). Types are cdktf 0.21's; cdktn 0.24 exports the same names and shapes.
 */
import type * as Core from 'cdktf';
import type * as CoreSynthesizer from 'cdktf/lib/synthesize/synthesizer';
import type { Construct } from 'constructs';
import { ConfigError } from './errors';

/** The CDK cores this package runs on, in order of preference. */
export const CDK_CORES = ['cdktf', 'cdktn'] as const;
export type CdkCore = (typeof CDK_CORES)[number];

/** The variable that picks the core when both are installed. */
export const CDK_CORE_VARIABLE = 'DOMO_IDENTITY_CDK';

/**
 * The core to load: `env[DOMO_IDENTITY_CDK]` when set, otherwise the first of cdktf, cdktn that
 * `isInstalled` finds. Throws a ConfigError (exit 2) naming what to install or set.
 */
export function pickCdkCore(env: NodeJS.ProcessEnv, isInstalled: (name: CdkCore) => boolean): CdkCore {
  const chosen = env[CDK_CORE_VARIABLE];
  if (chosen !== undefined && chosen !== '') {
    if (!(CDK_CORES as readonly string[]).includes(chosen)) {
      throw new ConfigError(`${CDK_CORE_VARIABLE} is ${JSON.stringify(chosen)}: set it to cdktf or cdktn, or unset it.`);
    }
    if (!isInstalled(chosen as CdkCore)) {
      throw new ConfigError(`${CDK_CORE_VARIABLE} is ${chosen}, but the package ${chosen} is not installed: npm install ${chosen}.`);
    }
    return chosen as CdkCore;
  }
  const found = CDK_CORES.find(isInstalled);
  if (!found) {
    throw new ConfigError(
      'cdktf-domo-identity needs a CDK core beside it: npm install cdktf constructs (CDK for Terraform), ' +
        'or npm install cdktn constructs (CDK Terrain).',
    );
  }
  return found;
}

function isResolvable(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** The core this process uses. */
export const cdkCore: CdkCore = pickCdkCore(process.env, isResolvable);

// A variable module name keeps bundlers from inlining one core: the choice is made at run time.
const core = require(cdkCore) as typeof Core;
const synthesizer = require(`${cdkCore}/lib/synthesize/synthesizer`) as typeof CoreSynthesizer;

// Each name is a value (the class or namespace) and, for classes, a type of the same name.
export const App = core.App;
export type App = Core.App;
export type AppConfig = Core.AppConfig;
export const TerraformStack = core.TerraformStack;
export type TerraformStack = Core.TerraformStack;
export const TerraformResource = core.TerraformResource;
export type TerraformResource = Core.TerraformResource;
export const Aspects = core.Aspects;
export const dependable = core.dependable;
export type TerraformBackend = Core.TerraformBackend;
export type LocalExecProvisioner = Core.LocalExecProvisioner;
export const DataResource = core.DataResource;
export const TerraformLocal = core.TerraformLocal;
export const TerraformIterator = core.TerraformIterator;
export const Fn = core.Fn;
export const Token = core.Token;
export const LocalBackend = core.LocalBackend;
export const S3Backend = core.S3Backend;
export const PgBackend = core.PgBackend;
export const RemoteBackend = core.RemoteBackend;
export const NamedRemoteWorkspace = core.NamedRemoteWorkspace;
export const HttpBackend = core.HttpBackend;
export const GcsBackend = core.GcsBackend;
export const AzurermBackend = core.AzurermBackend;

/**
 * cdktf's hook for writing files beside cdk.tf.json during synth (its assets use it). It is not
 * exported from the package root, so it comes from the core's `lib/synthesize/synthesizer`.
 */
export const addCustomSynthesis = synthesizer.addCustomSynthesis;

/**
 * The shape of `Resource` of @cdktf/provider-null, written out so this package's type declarations
 * do not name a package a project may not have.
 */
export type NullResourceClass = new (
  scope: Construct,
  id: string,
  config: Core.TerraformMetaArguments & { readonly triggers?: Readonly<Record<string, string>> },
) => Core.TerraformResource;

/**
 * `null_resource` of the hashicorp/null provider (`@cdktf/provider-null`), loaded only when a
 * construct asks for that backing: the package is an optional peer built against cdktf (there is
 * no @cdktf/provider-null for cdktn), and `terraform_data` needs nothing.
 */
export function nullResourceClass(): NullResourceClass {
  const module = '@cdktf/provider-null/lib/resource';
  if (!isResolvable(module)) {
    throw new ConfigError(
      "backing 'null_resource' needs the package @cdktf/provider-null: npm install @cdktf/provider-null " +
        "(it is built for cdktf 0.21), or use the default backing 'terraform_data', which needs no provider.",
    );
  }
  return (require(module) as { Resource: NullResourceClass }).Resource;
}
