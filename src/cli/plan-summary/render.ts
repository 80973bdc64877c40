import type { DefinitionsSection, GroupChange, GroupsSection, OtherSection, Section, UsersSection } from './analyze';
import { memberListBlock, type Block, type LayoutSection } from '../../report/layout';
import { code, escapeText, formatCount, plural } from '../../report/markdown';
import { absentLabel, showChange } from './values';
import { policiesSection } from './render-policies';

const summary = (parts: ReadonlyArray<string | false>) => parts.filter((p): p is string => p !== false && p !== '').join(' · ');

export function heading(s: Exclude<Section, { kind: 'other' }>, title: string, counts: ReadonlyArray<string | false>): string[] {
  return [
    `### ${escapeText(s.label)} · ${title}`,
    '',
    summary([
      ...counts,
      s.reruns > 0 && `${plural(s.reruns, 'instance')} re-run with no data change`,
      s.fromDomo > 0 && `${plural(s.fromDomo, 'instance')} new to Terraform: old values are what Domo holds now`,
      s.constructPath !== undefined && `construct ${code(s.constructPath)}`,
      s.removalPolicy !== undefined && `removal policy ${code(s.removalPolicy)}`,
    ]) || 'No data changes.',
  ];
}

/** What happens to the users leaving a construct, per its removal policy. */
function userLeavingPolicy(s: UsersSection): string {
  if (s.kind === 'user-attributes') {
    if (s.removalPolicy === 'clear') return 'their managed attributes are cleared (removal policy `clear`)';
    if (s.removalPolicy === 'retain') return 'Domo keeps their attributes (removal policy `retain`)';
    return "handled per the construct's removal policy (default `clear`: their managed attributes are cleared)";
  }
  if (s.removalPolicy === 'retain') return 'they stay in Domo (removal policy `retain`)';
  if (s.removalPolicy === 'delete') return 'they are **deleted from Domo** (removal policy `delete`)';
  return "handled per the construct's removal policy (default `retain`: they stay in Domo; `delete` deletes them)";
}

function usersSection(s: UsersSection): LayoutSection {
  const blocks: Block[] = [];
  const absent = absentLabel(s.kind);
  if (s.changed.length > 0) {
    blocks.push({
      lines: [`**Changed** (${plural(s.changed.length, 'user')})`, '', '| User | Changes |', '| --- | --- |'],
      items: s.changed.map((u) => `| ${code(u.userName, true)} | ${u.changes.map((c) => showChange(c, true, absent)).join('<br>')} |`),
      itemUnit: 'user',
    });
  }
  if (s.created.length > 0) {
    blocks.push({
      lines: [`**New** (${plural(s.created.length, 'user')})`, '', '| User | Values |', '| --- | --- |'],
      items: s.created.map(
        (u) => `| ${code(u.userName, true)} | ${u.changes.map((c) => showChange(c, true, absent, true)).join('<br>') || '*(no values)*'} |`,
      ),
      itemUnit: 'user',
    });
  }
  if (s.leaving.length > 0) {
    blocks.push({
      lines: [`**Leaving** (${plural(s.leaving.length, 'user')}): ${userLeavingPolicy(s)}:`],
      items: s.leaving.map((u) => code(u)),
      itemUnit: 'user',
      inline: true,
    });
  }
  const counts = [
    s.changed.length > 0 && `${formatCount(s.changed.length)} changed`,
    s.created.length > 0 && `${formatCount(s.created.length)} new`,
    s.leaving.length > 0 && `${formatCount(s.leaving.length)} leaving`,
  ];
  return { heading: heading(s, s.kind === 'users' ? 'users' : 'user attributes', counts), blocks };
}

export function groupRemovalPolicy(s: Pick<GroupsSection, 'removalPolicy'>): string {
  if (s.removalPolicy === 'retain') return 'kept in Domo (removal policy `retain`)';
  if (s.removalPolicy === 'delete') return '**deleted from Domo** (removal policy `delete`)';
  return "per the construct's removal policy (default `retain`: kept in Domo; `delete` deletes)";
}

function groupBlocks(s: GroupsSection, g: GroupChange): Block[] {
  const members =
    g.status === 'created' ? plural(g.membersAfter, 'member') : `${formatCount(g.membersBefore)} → ${plural(g.membersAfter, 'member')}`;
  const fields = g.fields.map((f) => `- ${showChange(f, false, '*(not managed)*', g.status === 'created')}`);
  const blocks: Block[] = [
    { lines: [`**${code(g.displayName)}** — ${g.status}, ${members}`, ...(fields.length > 0 ? ['', ...fields] : [])], hides: { group: 1 } },
  ];
  if (g.joining.length > 0) {
    blocks.push(
      memberListBlock(
        `Joining (${formatCount(g.joining.length)}):`,
        g.joining.map((m) => code(m)),
        'member joining',
      ),
    );
  }
  if (g.leaving.length > 0) {
    const additive = (g.membership ?? s.membership) === 'additive';
    const heading = additive
      ? `No longer listed (${formatCount(g.leaving.length)}; they stay in the group: membership \`additive\`):`
      : `Leaving (${formatCount(g.leaving.length)}; removed from the group):`;
    blocks.push(
      memberListBlock(
        heading,
        g.leaving.map((m) => code(m)),
        'member leaving',
      ),
    );
  }
  return blocks;
}

function groupsSection(s: GroupsSection): LayoutSection {
  const count = (status: GroupChange['status']) => s.groups.filter((g) => g.status === status).length;
  const counts = [
    count('created') > 0 && `${formatCount(count('created'))} created`,
    count('changed') > 0 && `${formatCount(count('changed'))} changed`,
    count('removed') > 0 && `${formatCount(count('removed'))} removed`,
    s.membership !== undefined && `membership ${code(s.membership)}`,
  ];
  const blocks: Block[] = [];
  for (const g of s.groups) if (g.status !== 'removed') blocks.push(...groupBlocks(s, g));
  const removed = s.groups.filter((g) => g.status === 'removed');
  if (removed.length > 0) {
    blocks.push({
      lines: [`**Removed** (${plural(removed.length, 'group')}): ${groupRemovalPolicy(s)}:`],
      items: removed.map((g) => `${code(g.displayName)} (${plural(g.membersBefore, 'member')})`),
      itemUnit: 'group',
      inline: true,
    });
  }
  return { heading: heading(s, 'directory groups', counts), blocks };
}

function definitionsSection(s: DefinitionsSection): LayoutSection {
  const count = (status: string) => s.definitions.filter((d) => d.status === status).length;
  const rows = s.definitions.map((d) => {
    const change = d.status === 'removed' ? `removed: ${groupRemovalPolicy(s)}` : d.status;
    const fields = d.fields.map((f) => showChange(f, true, '*(none)*', d.status === 'created')).join('<br>');
    return `| ${code(d.key, true)} | ${change} | ${fields} |`;
  });
  const counts = [
    count('created') > 0 && `${formatCount(count('created'))} created`,
    count('changed') > 0 && `${formatCount(count('changed'))} changed`,
    count('removed') > 0 && `${formatCount(count('removed'))} removed`,
  ];
  return {
    heading: heading(s, 'attribute definitions', counts),
    blocks: rows.length > 0 ? [{ lines: ['| Key | Change | Fields |', '| --- | --- | --- |'], items: rows, itemUnit: 'definition' }] : [],
  };
}

const ACTION_WORDS: Record<string, string> = { 'create,delete': 'replace', 'delete,create': 'replace' };

function otherSection(s: OtherSection): LayoutSection {
  return {
    heading: ['### Other resources'],
    blocks: [
      {
        lines: [],
        items: s.resources.map((r) => `- ${code(r.address)}: ${ACTION_WORDS[r.actions.join(',')] ?? r.actions.join(', ')}`),
        itemUnit: 'resource',
      },
    ],
  };
}

/** Every section as input for {@link layout}. */
export function layoutSections(sections: readonly Section[]): LayoutSection[] {
  return sections.map((s) => {
    switch (s.kind) {
      case 'users':
      case 'user-attributes':
        return usersSection(s);
      case 'directory-groups':
        return groupsSection(s);
      case 'custom-attributes':
        return definitionsSection(s);
      case 'pdp-policies':
        return policiesSection(s);
      case 'other':
        return otherSection(s);
    }
  });
}
