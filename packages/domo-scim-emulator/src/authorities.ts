/*
 * The grants (Domo calls them authorities) an instance knows, as `GET /api/authorization/v1/authorities`
 * lists them. Six ids are spelled as public Domo client code sends them (user.invite, user.edit,
 * user.session.edit, dataset.manage, dataset.export, versions.repository.admin); the others are
 * stand-ins in the same style for grants Domo's help pages describe (Admin > Governance > Roles).
 * A real instance has about ninety, and clients must read them from the API, never assume them.
 */

/** The system roles from the least to the most: each holds the grants of the ones before it (Domo's own rule). */
const SYSTEM_ROLE_LADDER = ['Social', 'Participant', 'Editor', 'Privileged', 'Admin'] as const;
type SystemRoleName = (typeof SYSTEM_ROLE_LADDER)[number];

/** One grant of the catalogue. */
export interface Authority {
  /** The id roles hold, e.g. `dataset.export`. */
  readonly authority: string;
  readonly title: string;
  readonly description: string;
  /** The heading Admin > Governance > Roles shows it under. */
  readonly authorityUIGroup: string;
  /** The least system role that holds it; every role above holds it too. */
  readonly from: SystemRoleName;
}

const grant = (authority: string, title: string, authorityUIGroup: string, from: SystemRoleName, description: string): Authority => ({
  authority,
  title,
  description,
  authorityUIGroup,
  from,
});

export const AUTHORITY_CATALOG: readonly Authority[] = [
  grant('alert.subscribe', 'Subscribe to Alerts', 'Alerts', 'Social', 'Subscribe to existing alerts'),
  grant('client.create', 'Create API Clients', 'Developer', 'Social', 'Create OAuth clients for access tokens to the platform API'),
  grant('alert.edit', 'Create Alerts', 'Alerts', 'Participant', 'Create, edit and share alerts on content they can see'),
  grant('content.export', 'Export Content', 'Cards and Pages', 'Participant', 'Schedule reports and export cards and pages to files'),
  grant('ai.chat.use', 'Use AI Chat', 'AI Services', 'Participant', 'Use AI Chat and AI Services'),
  grant('card.edit', 'Edit Cards', 'Cards and Pages', 'Editor', 'Create, edit and delete cards and Beast Modes they can access'),
  grant('page.edit', 'Edit Pages', 'Cards and Pages', 'Editor', 'Create, edit and delete pages, styles, templates and layouts'),
  grant('content.embed', 'Embed Content', 'Cards and Pages', 'Editor', 'Embed cards and pages outside Domo with Domo Everywhere'),
  grant('dataset.manage', 'Manage DataSets', 'Data', 'Editor', 'Create, edit and delete DataSets they can access'),
  grant('dataset.export', 'Export Data', 'Data', 'Editor', 'Export the data of DataSets they can access'),
  grant('dataflow.edit', 'Edit DataFlows', 'Data', 'Editor', 'Create, edit and delete DataFlows they can access'),
  grant('appstore.install', 'Install Apps', 'Appstore', 'Editor', 'Install and use apps from the Domo Appstore'),
  grant('ai.model.create', 'Create AI Service Models', 'AI Services', 'Editor', 'Create models for AI Services'),
  grant('user.invite', 'Invite People', 'People', 'Privileged', 'Invite people to the instance'),
  grant('account.create', 'Create Accounts', 'Data', 'Privileged', 'Create connector accounts of the instance'),
  grant('workbench.download', 'Download Workbench', 'Data', 'Privileged', 'Download Workbench'),
  grant('user.edit', 'Manage All Users', 'People', 'Admin', 'Add, edit and delete people, and change their roles'),
  grant('user.session.edit', 'Manage User Sessions', 'People', 'Admin', 'End the sessions of other people'),
  grant('role.manage', 'Manage All Roles', 'People', 'Admin', 'Create, edit and delete roles and change their grants'),
  grant('group.manage', 'Manage All Groups', 'People', 'Admin', 'Create, edit and delete groups and their members'),
  grant('pdp.manage', 'Manage PDP', 'Data', 'Admin', 'Create, edit and delete PDP policies of every DataSet'),
  grant('dataset.admin', 'Manage All DataSets', 'Data', 'Admin', 'Edit, share and delete every DataSet'),
  grant('card.admin', 'Manage All Cards and Pages', 'Cards and Pages', 'Admin', 'Edit, share and delete every card and page'),
  grant('company.settings.edit', 'Manage Company Settings', 'Admin', 'Admin', 'Change the instance settings'),
  grant('accesstoken.manage', 'Manage Access Tokens', 'Admin', 'Admin', 'Create and revoke access tokens'),
  grant('audit.view', 'View Activity Log', 'Admin', 'Admin', 'Read the activity log of the instance'),
  grant('ai.services.manage', 'Manage AI Services', 'AI Services', 'Admin', 'Configure AI Services for the instance'),
  grant('versions.repository.admin', 'Manage Sandbox Repositories', 'Admin', 'Admin', 'Create and promote sandbox repositories'),
];

const KNOWN: ReadonlySet<string> = new Set(AUTHORITY_CATALOG.map((a) => a.authority));

export function isAuthority(id: string): boolean {
  return KNOWN.has(id);
}

/** The grants of a system role, in catalogue order; undefined for any other name. */
export function systemRoleGrants(name: string): string[] | undefined {
  const rank = SYSTEM_ROLE_LADDER.indexOf(name as SystemRoleName);
  if (rank < 0) return undefined;
  return AUTHORITY_CATALOG.filter((a) => SYSTEM_ROLE_LADDER.indexOf(a.from) <= rank).map((a) => a.authority);
}
