import { z } from 'zod';
import { PlanFormatError } from './errors';

/** The parts of `terraform show -json` this summary reads; everything else is ignored. */
const ResourceChange = z.object({
  address: z.string(),
  module_address: z.string().optional(),
  mode: z.string().optional(),
  type: z.string(),
  name: z.string(),
  index: z.union([z.string(), z.number()]).optional(),
  /** `replace_because_tainted`, `replace_by_request` (`-replace`), …; absent when Terraform gives no reason. */
  action_reason: z.string().optional(),
  change: z.object({
    actions: z.array(z.string()),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
  }),
});

const ConfigResource = z.object({
  address: z.string(),
  provisioners: z.array(z.object({ expressions: z.record(z.string(), z.unknown()).optional() })).optional(),
});

const PlanJson = z.object({
  resource_changes: z.array(ResourceChange).optional(),
  configuration: z.object({ root_module: z.object({ resources: z.array(ConfigResource).optional() }).optional() }).optional(),
});

export type Triggers = ReadonlyMap<string, string>;

/** One Terraform instance of a resource block, with the trigger maps before and after. */
export interface InstanceChange {
  readonly address: string;
  /** The instance key (`for_each` key): a shard, a group's displayName or an attribute key. */
  readonly key: string;
  readonly actions: readonly string[];
  /** Trigger map in state, or null when the instance is created. */
  readonly before: Triggers | null;
  /** Trigger map planned, or null when the instance is deleted. */
  readonly after: Triggers | null;
  /** Why Terraform replaces it: `replace_because_tainted` (its last apply failed), `replace_by_request` (`-replace`, a repair). */
  readonly reason?: string;
  /**
   * `before` is what Domo holds now, not Terraform's state: `new`, an instance new to Terraform;
   * `rerun`, a tainted instance (its last apply failed or was interrupted) that the deploy runs
   * again whole; `changed`, a replaced instance whose users the deploy plans again are read as Domo
   * has them (the others keep the state's values).
   */
  readonly fromDomo?: 'new' | 'rerun' | 'changed';
}

/** One resource block: one construct of this package, or any other resource. */
export interface ResourceBlock {
  /** `terraform_data.FranchiseAttributes_624F6D4C` (with a module prefix inside modules). */
  readonly address: string;
  readonly type: string;
  /** Terraform's logical id, e.g. `FranchiseAttributes_624F6D4C`. */
  readonly name: string;
  /** The construct kind from the handler arguments in the configuration, when the plan carries them. */
  readonly handlerKind?: string;
  /** The construct's manifest folder relative to the stack folder, from the handler arguments. */
  readonly manifestPath?: string;
  readonly instances: readonly InstanceChange[];
}

/** A trigger map (`triggers_replace` of terraform_data, `triggers` of null_resource) as strings. */
function triggersOf(values: unknown): Triggers | null {
  if (values === null || typeof values !== 'object') return null;
  const record = values as Record<string, unknown>;
  const map = record['triggers_replace'] ?? record['triggers'];
  if (map === null || typeof map !== 'object') return null;
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(map as Record<string, unknown>)) if (typeof v === 'string') out.set(k, v);
  return out;
}

/**
 * `["node", "domo-identity/handler.js", "<kind>", "create", "<manifest dir>", "${each.key}"]`:
 * Terraform shows it as `{ constant_value: [...] }` (template strings included) in recent
 * versions; a bare list is accepted too.
 */
function handlerArgs(resource: z.infer<typeof ConfigResource>): { kind?: string; manifestPath?: string } {
  for (const provisioner of resource.provisioners ?? []) {
    const expr = provisioner.expressions?.['interpreter'];
    const list = Array.isArray(expr) ? expr : (expr as { constant_value?: unknown } | undefined)?.constant_value;
    if (!Array.isArray(list)) continue;
    const at = list.findIndex(
      (arg, i) => i > 0 && typeof arg === 'string' && typeof list[i - 1] === 'string' && /handler\.js$/.test(list[i - 1] as string),
    );
    if (at < 0) continue;
    const manifestPath = list[at + 1] === 'create' || list[at + 1] === 'destroy' ? list[at + 2] : undefined;
    return { kind: list[at] as string, ...(typeof manifestPath === 'string' ? { manifestPath } : {}) };
  }
  return {};
}

/** The plan's resource changes grouped by resource block, in plan order. */
export function readPlan(planJson: unknown): ResourceBlock[] {
  const parsed = PlanJson.safeParse(planJson);
  if (!parsed.success)
    throw new PlanFormatError(`not the JSON of a Terraform plan (terraform show -json):\n${z.prettifyError(parsed.error)}`);
  const config = new Map((parsed.data.configuration?.root_module?.resources ?? []).map((r) => [r.address, handlerArgs(r)]));
  const blocks = new Map<string, { type: string; name: string; instances: InstanceChange[] }>();
  for (const rc of parsed.data.resource_changes ?? []) {
    if (rc.mode !== undefined && rc.mode !== 'managed') continue;
    const address = `${rc.module_address ? `${rc.module_address}.` : ''}${rc.type}.${rc.name}`;
    let block = blocks.get(address);
    if (!block) blocks.set(address, (block = { type: rc.type, name: rc.name, instances: [] }));
    const actions = rc.change.actions;
    block.instances.push({
      address: rc.address,
      key: rc.index === undefined ? '' : String(rc.index),
      actions,
      ...(rc.action_reason !== undefined ? { reason: rc.action_reason } : {}),
      before: actions.includes('create') && !actions.includes('delete') ? null : triggersOf(rc.change.before),
      after: actions.includes('delete') && !actions.includes('create') ? null : triggersOf(rc.change.after),
    });
  }
  return [...blocks].map(([address, block]) => {
    const args = config.get(address) ?? {};
    return {
      address,
      ...block,
      ...(args.kind ? { handlerKind: args.kind } : {}),
      ...(args.manifestPath ? { manifestPath: args.manifestPath } : {}),
    };
  });
}

/** Whether an instance changes anything (`no-op` and `read` do not). */
export function isChanged(instance: InstanceChange): boolean {
  return instance.actions.some((a) => a === 'create' || a === 'delete' || a === 'update');
}

/** Whether two trigger maps are equal. */
export function sameTriggers(a: Triggers, b: Triggers): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/**
 * Whether the deploy reconciles the instance whole, as the engine decides it: no destroy step
 * passes it old triggers (tainted), or it is replaced to repair (`-replace`), or nothing of its
 * data changed (a replacement without a data change is a request to reconcile).
 */
export function reconciledWhole(instance: InstanceChange): boolean {
  if (instance.before === null || instance.after === null) return true;
  return (
    instance.reason === 'replace_because_tainted' ||
    instance.reason === 'replace_by_request' ||
    sameTriggers(instance.before, instance.after)
  );
}

/** Terraform replaces the instance because its last apply failed or was interrupted (it is tainted). */
export const isTainted = (instance: InstanceChange): boolean => instance.reason === 'replace_because_tainted';

/** Terraform replaces the instance on request (`-replace`): a repair, whose writes the Repairs section shows. */
export const isRepair = (instance: InstanceChange): boolean => instance.reason === 'replace_by_request';

/**
 * Whether a changed instance that shows no difference may be called a re-run with no data change:
 * not when it is new to Terraform (its heading says so), a repair (the Repairs section shows what
 * it writes), or tainted without Domo's values read (what it writes is not known).
 */
export function mayBeRerun(instance: InstanceChange): boolean {
  return (
    isChanged(instance) &&
    instance.before !== null &&
    instance.after !== null &&
    instance.fromDomo !== 'new' &&
    !isRepair(instance) &&
    !(isTainted(instance) && instance.fromDomo === undefined)
  );
}

/** A changed instance whose create step runs again while Domo (or the state) already holds what it wants: its before equals its after. */
export function rerunWithoutChange(instance: InstanceChange): boolean {
  return mayBeRerun(instance) && sameTriggers(instance.before!, instance.after!);
}
