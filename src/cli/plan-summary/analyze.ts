import type { KindDefinition } from '../../kinds/kind';
import { KINDS } from '../../kinds/registry';
import { isChanged, isRepair, isTainted, readPlan, rerunWithoutChange, type ResourceBlock } from '../../plan/plan-json';
import type { ConstructBlock, ConstructInfo, ConstructManifest, ConstructManifests, PlanSection } from '../../plan/section';
import type { CurrentValues } from './current';
import { removalLimit, type MassRemoval } from '../../plan/mass-removal';

/** A construct with changes: its kind's section, and the kind that renders it. */
export interface AnalyzedSection {
  readonly kind: KindDefinition;
  readonly section: PlanSection;
  /** What the change takes from the construct's users, where its kind manages users. */
  readonly removal?: MassRemoval;
}

/** Changed resources that are not constructs of this package. */
export interface OtherResources {
  readonly resources: ReadonlyArray<{ readonly address: string; readonly actions: readonly string[] }>;
}

export interface AnalyzedPlan {
  /** One per construct with changes, in the registry's order of kinds, then by label. */
  readonly sections: readonly AnalyzedSection[];
  readonly other: OtherResources;
  /** Every construct's block (changed or not), by kind, for analyses across constructs (access). */
  readonly constructs: ReadonlyMap<KindDefinition, ConstructBlock[]>;
}

export interface AnalyzeOptions {
  readonly manifests?: ConstructManifests;
  /** What Domo holds now: an instance the plan creates gets it as its old side, so only what really changes in Domo is shown. */
  readonly current?: CurrentValues;
  /** @default KINDS */
  readonly kinds?: readonly KindDefinition[];
}

/** The plan as sections, one per construct with changes, each analyzed by its kind. */
export function analyzePlan(planJson: unknown, options: AnalyzeOptions = {}): AnalyzedPlan {
  const kinds = options.kinds ?? KINDS;
  const sections: AnalyzedSection[] = [];
  const other: Array<{ address: string; actions: readonly string[] }> = [];
  const constructs = new Map<KindDefinition, ConstructBlock[]>();
  for (const read of readPlan(planJson)) {
    const { kind, manifest } = blockKind(read, options.manifests ?? {}, kinds);
    const block = kind && options.current ? options.current.applyTo(read, kind) : read;
    if (kind) constructs.set(kind, [...(constructs.get(kind) ?? []), { block, ...(manifest ? { manifest } : {}) }]);
    const changed = block.instances.filter(isChanged);
    if (changed.length === 0) continue;
    if (!kind) {
      other.push(...changed.map((i) => ({ address: i.address, actions: i.actions })));
      continue;
    }
    const fromDomo = changed.filter((i) => i.fromDomo === 'new').length;
    const rerunFromDomo = changed.filter((i) => i.fromDomo === 'rerun' && !rerunWithoutChange(i)).length;
    const rerunUnread = changed.filter((i) => isTainted(i) && i.fromDomo === undefined).length;
    const repairs = changed.filter(isRepair).length;
    const info = (reruns: number): ConstructInfo => ({
      label: labelOf(block),
      address: block.address,
      ...(manifest?.constructPath !== undefined ? { constructPath: manifest.constructPath } : {}),
      ...(manifest?.removalPolicy !== undefined ? { removalPolicy: manifest.removalPolicy } : {}),
      reruns,
      fromDomo,
      rerunFromDomo,
      rerunUnread,
      repairs,
    });
    const changes = { instances: block.instances, changed, ...(manifest ? { manifest } : {}), info };
    const section: PlanSection = kind.plan.section(changes);
    const removals = kind.plan.removals?.(section, changes);
    const removal = removals && {
      construct: section.constructPath ?? section.label,
      ...removals,
      limit: removalLimit(removals.users, manifest?.maxUsersRemoved),
    };
    sections.push({ kind, section, ...(removal ? { removal } : {}) });
  }
  const order = (s: AnalyzedSection) => kinds.indexOf(s.kind);
  sections.sort((a, b) => order(a) - order(b) || a.section.label.localeCompare(b.section.label));
  return { sections, other: { resources: other }, constructs };
}

/** The logical id without its hash: `FranchiseAttributes_624F6D4C` -> `FranchiseAttributes`. */
const labelOf = (block: ResourceBlock) => block.name.replace(/_[0-9A-F]{8}$/, '');

/** Which construct kind a resource block is (undefined: not one of this package's), and its manifest when known. */
function blockKind(
  block: ResourceBlock,
  manifests: ConstructManifests,
  kinds: readonly KindDefinition[],
): { kind?: KindDefinition; manifest?: ConstructManifest } {
  const manifest = manifestOf(block, manifests);
  const name = block.handlerKind ?? manifest?.kind;
  const kind = name !== undefined ? kinds.find((k) => k.name === name) : kindByShape(block, kinds);
  return { ...(kind ? { kind } : {}), ...(manifest ? { manifest } : {}) };
}

/** By the handler arguments' manifest folder, else by the construct id ending the manifest's construct path. */
function manifestOf(block: ResourceBlock, manifests: ConstructManifests): ConstructManifest | undefined {
  if (block.manifestPath !== undefined) return manifests[block.manifestPath];
  const matches = Object.values(manifests).filter((m) => m.constructPath?.split('/').pop() === labelOf(block));
  return matches.length === 1 ? matches[0] : undefined;
}

/** Without the handler arguments or a manifest: the first kind, in the registry's order, whose trigger keys these are. */
function kindByShape(block: ResourceBlock, kinds: readonly KindDefinition[]): KindDefinition | undefined {
  if (block.type !== 'terraform_data' && block.type !== 'null_resource') return undefined;
  const keys = new Set<string>();
  for (const i of block.instances) for (const map of [i.before, i.after]) for (const k of map?.keys() ?? []) keys.add(k);
  return keys.size === 0 ? undefined : kinds.find((k) => k.plan.recognize(keys));
}
