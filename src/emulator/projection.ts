import { CUSTOM_USER } from '../scim/urns';
import { ScimResource, USER_EXTENSIONS } from './user-resource';

/** What the `attributes` (or `requestedAttributes`) query parameter asked for. */
export interface AttributeSelection {
  /** `_all`: everything, including the custom extension. */
  readonly all: boolean;
  /** Requested attribute names; undefined means Domo's default set. */
  readonly names?: readonly string[];
}

export function parseAttributeSelection(query: Record<string, string>): AttributeSelection {
  const raw = query['attributes'] ?? query['requestedAttributes'];
  if (raw === undefined || raw.trim() === '') return { all: false };
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.some((n) => n.toLowerCase() === '_all')) return { all: true };
  return { all: false, names };
}

const ALWAYS = new Set(['id', 'schemas', 'meta']);

/**
 * Keeps only the requested top-level attributes (plus id, schemas, meta). A name qualified by an
 * extension URN keeps that sub-attribute of the extension block; a bare URN keeps the block. The
 * custom block is never added here: Domo returns it only for `_all`.
 */
export function projectAttributes(resource: ScimResource, selection: AttributeSelection): ScimResource {
  if (selection.all || !selection.names) return resource;
  const out: ScimResource = {};
  for (const [key, value] of Object.entries(resource)) if (ALWAYS.has(key)) out[key] = value;
  for (const name of selection.names) {
    const lower = name.toLowerCase();
    const ext = USER_EXTENSIONS.find((u) => lower === u.toLowerCase() || lower.startsWith(`${u.toLowerCase()}:`));
    if (ext === CUSTOM_USER) continue;
    if (ext) {
      const block = resource[ext] as Record<string, unknown> | undefined;
      if (!block) continue;
      if (lower === ext.toLowerCase()) {
        out[ext] = block;
        continue;
      }
      const sub = name.slice(ext.length + 1).split('.')[0]!.toLowerCase();
      const key = Object.keys(block).find((k) => k.toLowerCase() === sub);
      if (key) out[ext] = { ...((out[ext] as object | undefined) ?? {}), [key]: block[key] };
      continue;
    }
    const top = lower.split('.')[0]!;
    const key = Object.keys(resource).find((k) => k.toLowerCase() === top);
    if (key) out[key] = resource[key];
  }
  return out;
}
