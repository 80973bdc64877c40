import { byKey, fieldChanges, statusOf } from '../../plan/changes';
import {
  capped,
  constructName,
  heading,
  ranked,
  retainOrDeleteFate,
  showChange,
  statusCounts,
  warnedName as name,
} from '../../plan/render';
import { WARNING_RANK, type PlanHooks, type PlanSection, type ValueChange } from '../../plan/section';
import { code } from '../../report/markdown';
import { formatCount, plural } from '../../report/words';
import { DEFINITION_FIELDS } from './manifest';

export interface DefinitionChange {
  readonly key: string;
  readonly status: 'created' | 'changed' | 'removed';
  readonly fields: readonly ValueChange[];
}

export interface DefinitionsSection extends PlanSection {
  readonly definitions: readonly DefinitionChange[];
}

export const customAttributesPlan: PlanHooks<DefinitionsSection> = {
  recognize: (keys) => keys.has('key') && keys.has('title') && [...keys].every((k) => DEFINITION_FIELDS.includes(k)),
  section({ changed, info }) {
    const definitions: Array<[string, DefinitionChange]> = [];
    let reruns = 0;
    for (const instance of changed) {
      const status = statusOf(instance);
      const key = instance.after?.get('key') ?? instance.before?.get('key') ?? instance.key;
      const all = status === 'removed' ? [] : fieldChanges(instance.before ?? new Map(), instance.after ?? new Map(), ['key']);
      // A new definition's empty fields (no description) say nothing.
      const fields = status === 'created' ? all.filter((f) => f.after !== '') : all;
      if (status === 'changed' && fields.length === 0) {
        reruns++;
        continue;
      }
      definitions.push([`${status === 'created' ? 0 : status === 'changed' ? 1 : 2}${key}`, { key, status, fields }]);
    }
    return { kind: 'custom-attributes', ...info(reruns), definitions: byKey(definitions) };
  },
  render(s) {
    const rows = s.definitions.map((d) => {
      const change = d.status === 'removed' ? `removed: ${retainOrDeleteFate(s.removalPolicy)}` : d.status;
      const fields = d.fields.map((f) => showChange(f, true, '*(none)*', d.status === 'created')).join('<br>');
      return `| ${code(d.key, true)} | ${change} | ${fields} |`;
    });
    return {
      heading: heading(s, 'attribute definitions', statusCounts(s.definitions.map((d) => d.status))),
      blocks: rows.length > 0 ? [{ lines: ['| Key | Change | Fields |', '| --- | --- | --- |'], items: rows, itemUnit: 'definition' }] : [],
    };
  },
  warnings(s) {
    const texts: string[] = [];
    for (const d of s.definitions) {
      if (d.status !== 'removed') continue;
      if (s.removalPolicy === 'delete')
        texts.push(`Attribute definition ${name(d.key)} is **deleted from Domo** by ${constructName(s)} (removal policy \`delete\`)`);
      else if (s.removalPolicy === undefined)
        texts.push(
          `Attribute definition ${name(d.key)} leaves ${constructName(s)}: deleted from Domo if its removal policy is \`delete\` (default \`retain\`)`,
        );
    }
    return ranked(
      WARNING_RANK.definitions,
      capped(texts, (n) => `… and ${plural(n, 'more definition')} leaving ${constructName(s)}`),
    );
  },
  totals: {
    id: 'definitions',
    order: 2,
    phrases(sections) {
      const all = sections.flatMap((s) => s.definitions);
      const count = (status: DefinitionChange['status']) => formatCount(all.filter((d) => d.status === status).length);
      return [`definitions: ${count('created')} created, ${count('changed')} changed, ${count('removed')} removed`];
    },
  },
};
