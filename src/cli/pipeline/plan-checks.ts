import type { Deployed } from '../../drift/facet';
import type { LiveReads } from '../../drift/live-reads';
import { loadEngineEnv } from '../../engine/env';
import { CannotApplyError } from '../../errors';
import type { KindDefinition } from '../../kinds/kind';
import { KINDS } from '../../kinds/registry';
import { groupKey, userKey } from '../../model/identity';
import { kindNamed } from '../../model/kind';
import { customRoleName } from '../../model/roles';
import { problemLine, type PlanDomo, type PlanProblem } from '../../plan/checks';
import type { IndexedConstruct } from '../../synth/index-file';
import type { SynthOutput } from '../../synth/reader';
import { keyCheck, roleCheck } from '../doctor/domo-checks';
import { probe } from '../doctor/outcome';
import { stackNeeds } from '../doctor/preflight';
import { driftContext } from '../drift/run-drift';

export interface StackCheckOptions {
  readonly output: SynthOutput;
  /** Domo's listings, shared with the drift check that follows. */
  readonly reads: LiveReads;
  /** The environment the deploy will have: credentials the kinds need are checked in it. */
  readonly env: NodeJS.ProcessEnv;
  /** What Terraform's state holds, read when a check first asks (checks see what the change removes). @default - nothing deployed */
  readonly deployed?: () => Promise<Deployed>;
  /** @default KINDS */
  readonly kinds?: readonly KindDefinition[];
}

/**
 * Everything the deploy of this stack will need from Domo that Domo lacks, as a loop over the
 * kinds: the credentials each kind needs (its requirements, as the engine checks them), the keys
 * and roles constructs write (doctor's checks), then each kind's own checks (users, groups,
 * datasets). Every problem at once; reads only, each listing once. A kind whose credentials are
 * missing is not read further (it cannot be).
 */
export async function checkStack(options: StackCheckOptions): Promise<PlanProblem[]> {
  const kinds = options.kinds ?? KINDS;
  const { output, reads } = options;
  const problems: PlanProblem[] = [];
  const byKind = constructsByKind(output, kinds);
  const lacking = kindsLackingCredentials(output, options.env, kinds);
  for (const [kind, missing] of lacking) {
    problems.push({
      construct: (byKind.get(kind) ?? []).map((e) => nameOf(kind, e)).join(', '),
      subject: 'credentials',
      missing,
      fix: 'set them in the environment of domo-identity plan and deploy (in CI: as secrets)',
    });
  }
  problems.push(...(await nameProblems(output, reads)));
  const domo = planDomo(output, reads, kinds);
  for (const [kind, entries] of byKind) {
    if (!kind.checks || lacking.has(kind)) continue;
    for (const entry of entries) {
      const deployed = async () => (await options.deployed?.())?.instances(entry.path) ?? new Map<string, ReadonlyMap<string, string>>();
      problems.push(...(await kind.checks({ output, entry, construct: nameOf(kind, entry), domo, deployed })));
    }
  }
  return problems;
}

/**
 * The kinds of the stack whose credentials the environment lacks (each kind's requirements, as the
 * engine checks them), with what is missing: their writes will fail, and Domo cannot be read for them.
 */
export function kindsLackingCredentials(
  output: SynthOutput,
  environment: NodeJS.ProcessEnv,
  kinds: readonly KindDefinition[] = KINDS,
): Map<KindDefinition, string> {
  const env = loadEngineEnv(environment);
  const lacking = new Map<KindDefinition, string>();
  for (const [kind, entries] of constructsByKind(output, kinds)) {
    const missing = kind.requirements?.(env, entries);
    if (missing !== undefined) lacking.set(kind, missing);
  }
  return lacking;
}

function constructsByKind(output: SynthOutput, kinds: readonly KindDefinition[]): Map<KindDefinition, IndexedConstruct[]> {
  const byKind = new Map<KindDefinition, IndexedConstruct[]>();
  for (const entry of output.constructs) {
    const kind = kindNamed(kinds, entry.kind);
    byKind.set(kind, [...(byKind.get(kind) ?? []), entry]);
  }
  return byKind;
}

/**
 * The plan cannot be applied and was not saved: every problem (exit EXIT_CANNOT_APPLY), and the
 * summary that says so for the pull request.
 */
export class PlanRefusedError extends CannotApplyError {
  constructor(
    readonly markdown: string,
    readonly planProblems: readonly PlanProblem[],
  ) {
    super(
      planProblems.map(problemLine),
      `the plan cannot be applied: Domo lacks what the deploy needs (${planProblems.length} problem${planProblems.length === 1 ? '' : 's'}); ` +
        'no plan was saved (plan with --allow-failures to save it anyway)',
    );
  }
}

const nameOf = (kind: KindDefinition, entry: IndexedConstruct) => `${kind.constructClass} ${JSON.stringify(entry.path)}`;

/** Keys the stack writes that Domo does not define (or only its IdP writes), and roles Domo lacks: doctor's checks. */
async function nameProblems(output: SynthOutput, reads: LiveReads): Promise<PlanProblem[]> {
  const needs = stackNeeds(output);
  const problems: PlanProblem[] = [];
  if (needs.keys.size > 0) {
    const definitions = await probe(() => reads.definitions());
    if (!definitions.ok) throw new Error(`plan: cannot list Domo's attribute definitions: ${(definitions.error as Error).message}`);
    for (const [key, who] of needs.keys) {
      const check = keyCheck(key, definitions);
      if (check.status === 'fail')
        problems.push({
          construct: who.join(', '),
          subject: `key ${key}`,
          missing: check.message,
          fix: `define "${key}" in Domo (Admin > Governance > Attributes, or with a DomoCustomAttributes construct in this stack), or stop writing it`,
        });
    }
  }
  if (needs.roles.size > 0) {
    const roles = await probe(() => reads.roles());
    if (!roles.ok) throw new Error(`plan: cannot list Domo's roles: ${(roles.error as Error).message}`);
    for (const [ref, who] of needs.roles) {
      const role = customRoleName(ref) ?? ref;
      const check = roleCheck(role, roles);
      if (check.status === 'fail')
        problems.push({
          construct: who.join(', '),
          subject: `role ${role}`,
          missing: `does not exist in Domo`,
          fix: check.message.replace(/^role .* does not exist in Domo: /, ''),
        });
    }
  }
  return problems;
}

/** Domo's users and groups as one listing each read them, with what the stack's constructs create. */
function planDomo(output: SynthOutput, reads: LiveReads, kinds: readonly KindDefinition[]): PlanDomo {
  const createdUsers = new Set<string>();
  const createdGroups = new Set<string>();
  for (const entry of output.constructs) {
    const creates = kindNamed(kinds, entry.kind).creates;
    for (const [key] of creates?.users?.records(output, entry) ?? []) createdUsers.add(key);
    for (const [key] of creates?.groups?.records(output, entry) ?? []) createdGroups.add(key);
  }
  let users: Promise<Set<string>> | undefined;
  let groups: Promise<Set<string>> | undefined;
  const missing = async (names: Iterable<string>, key: (name: string) => string, known: Set<string>, created: Set<string>) => {
    const seen = new Set<string>();
    return [...names].filter((name) => {
      const k = key(name);
      if (seen.has(k)) return false;
      seen.add(k);
      return !known.has(k) && !created.has(k);
    });
  };
  return {
    async missingUsers(names) {
      users ??= reads.users().then((all) => new Set(all.map((u) => userKey(u.userName))));
      return missing(names, userKey, await users, createdUsers);
    },
    async missingGroups(names) {
      groups ??= reads.groups().then((all) => new Set(all.map((g) => groupKey(g.displayName))));
      return missing(names, groupKey, await groups, createdGroups);
    },
    dataset: (id, what) => reads.dataset(id, what),
    grants: () => reads.authorities(),
    roles: () => reads.roles(),
    creates: driftContext(kinds).creates,
  };
}
