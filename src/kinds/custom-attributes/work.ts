import type { DomoApiClient } from '../../domo/api/client';
import type { AttributeDefinition } from '../../domo/api/schemas';
import type { ResolvedDefinition } from './model';
import type { EngineContext } from '../../engine/context';
import { constructOf, verifiedInstance } from '../../engine/manifests';
import { failed, notKept, notKeptField, type Outcome, type WorkResult } from '../../engine/outcome';
import type { Work } from '../../engine/protocol';
import { customAttributesManifest, type DefinitionsConstructFile } from './manifest';

/** Create step: creates the definition or brings it up to date. */
export async function createDefinition(ctx: EngineContext, work: Work): Promise<WorkResult> {
  const { construct, instance } = verifiedInstance(ctx.output, work, customAttributesManifest);
  return { outcomes: [await reconcileDefinition(ctx.domain(construct.scim).api, instance.definition)] };
}

/** Destroy step: applies the removal policy to a key no longer defined anywhere in the construct. */
export async function destroyDefinition(ctx: EngineContext, work: Work): Promise<WorkResult> {
  const { construct } = constructOf(ctx.output, work, customAttributesManifest);
  return { outcomes: [await removeDefinition(ctx.domain(construct.scim).api, construct, work.arg, ctx.env.DOMO_IDENTITY_TEARDOWN)] };
}

/** Creates the definition or brings title, description, value sources and visibility up to date, then reads it back. */
export async function reconcileDefinition(api: DomoApiClient, desired: ResolvedDefinition): Promise<Outcome> {
  const all = await api.listAttributeDefinitions();
  const live = all.find((d) => d.key === desired.key);
  const body = {
    key: desired.key,
    title: desired.title,
    description: desired.description,
    securityVoter: desired.visibility,
    valueSources: desired.valueSources,
  };
  if (!live) {
    const near = all.find((d) => d.key.toLowerCase() === desired.key.toLowerCase());
    await api.createAttributeDefinition(body);
    const written: Outcome = {
      identity: desired.key,
      status: 'created',
      ...(near ? { detail: `note: ${near.key} also exists; keys are case-sensitive` } : {}),
    };
    return readBack(api, desired, written);
  }
  if (live.keyspace !== 'customer-defined') {
    return {
      identity: desired.key,
      status: 'failed',
      error: `the key exists in Domo's ${live.keyspace} keyspace; only customer-defined attributes can be managed`,
    };
  }
  const changes = planDefinition(live, desired);
  if (changes.length === 0) return { identity: desired.key, status: 'unchanged' };
  await api.updateAttributeDefinition({ ...body, ...(live.validator ? { validator: live.validator } : {}) });
  const detail = changes.map((c) => `${c.field} ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`).join(', ');
  return readBack(api, desired, { identity: desired.key, status: 'updated', detail });
}

/** One field of a definition that differs: what Domo has (`from`) and what is desired (`to`). */
interface DefinitionChange {
  readonly field: 'title' | 'description' | 'visibility' | 'valueSources';
  readonly from: string;
  readonly to: string;
}

/** The one comparison of a live definition with the desired one: the write sends these, the read-back checks them. */
function planDefinition(live: AttributeDefinition, desired: ResolvedDefinition): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  const compare = (field: DefinitionChange['field'], from: string, to: string) => {
    if (from !== to) changes.push({ field, from, to });
  };
  compare('title', live.title ?? '', desired.title);
  compare('description', live.description ?? '', desired.description);
  compare('visibility', live.securityVoter ?? '', desired.visibility);
  compare('valueSources', [...(live.valueSources ?? [])].sort().join(', '), desired.valueSources.join(', '));
  return changes;
}

/** Domo can accept a write and not apply it: the definition is read again, and each field not as written fails it. */
async function readBack(api: DomoApiClient, desired: ResolvedDefinition, written: Outcome): Promise<Outcome> {
  const write = written.status === 'created' ? 'create' : 'update';
  const after = (await api.listAttributeDefinitions()).find((d) => d.key === desired.key);
  if (!after) return failed(desired.key, `the definition is not in Domo after the ${write}`);
  const left = planDefinition(after, desired);
  return left.length === 0
    ? written
    : notKept(
        desired.key,
        write,
        left.map((c) => notKeptField(c.field, c.to, c.from)),
      );
}

/** Applies the removal policy to a key no longer defined anywhere in the construct. */
export async function removeDefinition(
  api: DomoApiClient,
  construct: DefinitionsConstructFile,
  key: string,
  teardown: boolean,
): Promise<Outcome> {
  if (!teardown && construct.desiredKeys.includes(key)) return { identity: key, status: 'kept' };
  if (construct.removalPolicy === 'retain') return { identity: key, status: 'retained' };
  const live = (await api.listAttributeDefinitions()).find((d) => d.key === key);
  if (!live) return { identity: key, status: 'absent' };
  try {
    await api.deleteAttributeDefinition(key);
  } catch (err) {
    return { identity: key, status: 'failed', error: `Domo refused to delete it: ${(err as Error).message}` };
  }
  return { identity: key, status: 'deleted', detail: "definition and every user's values deleted" };
}
