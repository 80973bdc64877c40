import { Construct } from 'constructs';
import type { TerraformResource } from '../../cdk';
import type { BackingResource } from '../../constructs/backing';
import { renderKind } from '../../constructs/render';
import { validateScim, type ScimTarget } from '../../constructs/scim-target';
import type { RetainOrDelete } from '../../model/kind';
import { rolesManifest } from './manifest';
import { roleKey, type DesiredRole } from './model';
import { validateRoles, type RoleSpec } from './validate';

export interface DomoRolesProps {
  /**
   * The custom roles, each with the exact set of grants it holds, e.g.
   * `[{ name: 'Franchise Manager', description: '…', grants: ['dataset.export', 'user.invite'] }]`.
   * Grant ids are checked against the instance's list of grants before anything is written.
   */
  readonly roles: readonly RoleSpec[];
  /** The Domo SCIM endpoint of the instance (roles go to the Roles Governance API on the same host). The token is never configuration. */
  readonly scim: ScimTarget;
  /**
   * What happens in Domo to a role that leaves the code.
   * @default 'retain' - the role stays in Domo untouched; 'delete' deletes it, and is refused while users hold it
   */
  readonly removalPolicy?: RetainOrDelete;
  /** @default 'terraform_data' */
  readonly backing?: BackingResource;
}

/**
 * Custom roles and their grants, one Terraform instance per role. The plan has one line per grant
 * (`"Franchise Manager/dataset.export" = "granted"`), so a review shows exactly which grant a role
 * gains or loses; a deploy finds each role by name (keeping its id), creates a missing one from
 * `fromRoleId`, sets its grants to exactly the listed set and reads them back. The system roles
 * (Admin, Privileged, Editor, Participant, Social) are never managed. Users get roles through
 * DomoUsers' `role`.
 */
export class DomoRoles extends Construct {
  /** The `for_each` resource block holding one instance per role. */
  readonly resource: TerraformResource;
  /** Manifest folder relative to the stack folder, as the handlers see it. */
  readonly manifestPath: string;
  /** The validated roles, grants sorted. */
  readonly roles: readonly DesiredRole[];

  constructor(scope: Construct, id: string, props: DomoRolesProps) {
    super(scope, id);
    const name = `DomoRoles "${this.node.path}"`;
    const scim = validateScim(name, props.scim);
    this.roles = validateRoles(name, props.roles);
    const removalPolicy = props.removalPolicy ?? 'retain';
    const rendered = renderKind(this, {
      kind: rolesManifest,
      scim,
      backing: props.backing,
      construct: () => ({
        kind: 'roles',
        constructPath: this.node.path,
        scim,
        removalPolicy,
        desiredRoles: this.roles.map((r) => roleKey(r.name)),
      }),
      instances: new Map(this.roles.map((role) => [role.name, { role }])),
    });
    this.resource = rendered.resource;
    this.manifestPath = rendered.manifestPath;
  }
}
