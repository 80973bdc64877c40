import type { ConstructInfo, DefinitionChange, DefinitionsSection } from './analyze';
import { byKey, fieldChanges, statusOf } from './changes';
import type { InstanceChange } from './plan-json';

export function analyzeDefinitions(changed: readonly InstanceChange[], info: (reruns: number) => ConstructInfo): DefinitionsSection {
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
}
