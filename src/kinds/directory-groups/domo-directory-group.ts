import { Construct } from 'constructs';
import type { TerraformResource } from '../../cdk';
import { renderGroups, type DirectoryGroupOptions, type GroupsConstructSettings } from './domo-directory-groups';

export interface DomoDirectoryGroupProps extends DirectoryGroupOptions {
  /** The directory (IdP) name: the group's identity in Domo, unique case-insensitively. */
  readonly displayName: string;
  /** The name shown in Domo. @default - left as Domo has it */
  readonly domoDisplayName?: string;
  /** @default - left as Domo has it */
  readonly description?: string;
  /** Members by userName (email). */
  readonly members: readonly string[];
}

/** One directory group and its members. See DomoDirectoryGroups for many groups from a dataset. */
export class DomoDirectoryGroup extends Construct {
  readonly resource: TerraformResource;
  readonly manifestPath: string;
  readonly manifest: GroupsConstructSettings;

  constructor(scope: Construct, id: string, props: DomoDirectoryGroupProps) {
    super(scope, id);
    const { displayName, domoDisplayName, description, members, ...options } = props;
    const group = {
      displayName,
      members: [...members],
      ...(domoDisplayName !== undefined ? { domoDisplayName } : {}),
      ...(description !== undefined ? { description } : {}),
    };
    const rendered = renderGroups(this, `DomoDirectoryGroup "${this.node.path}"`, [group], options);
    this.resource = rendered.resource;
    this.manifestPath = rendered.manifestPath;
    this.manifest = rendered.manifest;
  }
}
