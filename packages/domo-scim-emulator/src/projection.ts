import { CUSTOM_USER } from './contract';
import { ScimResource, USER_EXTENSIONS } from './user-resource';

/** What the `attributes` (or `requestedAttributes`) and `excludedAttributes` query parameters asked for. */
export interface AttributeSelection {
  /** `_all`: everything, including the custom extension. */
  readonly all: boolean;
  /** Requested attribute names; undefined means Domo's default set. */
  readonly names?: readonly string[];
  /** Attribute names to leave out; id, schemas and meta are always returned. */
  readonly excluded?: readonly string[];
}

export function parseAttributeSelection(query: Record<string, string>): AttributeSelection {
  const excluded = nameList(query['excludedAttributes']);
  const names = nameList(query['attributes'] ?? query['requestedAttributes']);
  const base = excluded ? { excluded } : {};
  if (!names) return { all: false, ...base };
  if (names.some((n) => n.toLowerCase() === '_all')) return { all: true, ...base };
  return { all: false, names, ...base };
}

function nameList(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Would the selection keep the top-level attribute `name`? Lets a caller skip building what is dropped anyway. */
export function selectsAttribute(selection: AttributeSelection, name: string): boolean {
  const lower = name.toLowerCase();
  const top = (n: string) => n.toLowerCase().split('.')[0] === lower;
  if (selection.excluded?.some((n) => n.toLowerCase() === lower)) return false;
  return selection.all || !selection.names || selection.names.some(top);
}

const ALWAYS = new Set(['id', 'schemas', 'meta']);

/**
 * Keeps only the requested top-level attributes (plus id, schemas, meta), then drops the excluded
 * ones. A name qualified by an extension URN selects that sub-attribute of the extension block; a
 * bare URN selects the block. The custom block is never added here: Domo returns it only for `_all`.
 */
export function projectAttributes(
  resource: ScimResource,
  selection: AttributeSelection,
  extensions: readonly string[] = USER_EXTENSIONS,
): ScimResource {
  const kept = selection.all || !selection.names ? resource : include(resource, selection.names, extensions);
  return selection.excluded ? exclude(kept, selection.excluded, extensions) : kept;
}

function include(resource: ScimResource, names: readonly string[], extensions: readonly string[]): ScimResource {
  const out: ScimResource = {};
  for (const [key, value] of Object.entries(resource)) if (ALWAYS.has(key)) out[key] = value;
  for (const name of names) {
    const lower = name.toLowerCase();
    const ext = extensionOf(lower, extensions);
    if (ext === CUSTOM_USER) continue;
    if (ext) {
      const block = resource[ext] as Record<string, unknown> | undefined;
      if (!block) continue;
      if (lower === ext.toLowerCase()) {
        out[ext] = block;
        continue;
      }
      const key = keyOf(block, name.slice(ext.length + 1).split('.')[0]!);
      if (key) out[ext] = { ...((out[ext] as object | undefined) ?? {}), [key]: block[key] };
      continue;
    }
    const key = keyOf(resource, lower.split('.')[0]!);
    if (key) out[key] = resource[key];
  }
  return out;
}

/** Whole attributes and extension sub-attributes; sub-attributes of core complex attributes are not excluded. */
function exclude(resource: ScimResource, names: readonly string[], extensions: readonly string[]): ScimResource {
  const out: ScimResource = { ...resource };
  for (const name of names) {
    const lower = name.toLowerCase();
    const ext = extensionOf(lower, extensions);
    if (ext && lower !== ext.toLowerCase()) {
      const block = out[ext] as Record<string, unknown> | undefined;
      const key = block && keyOf(block, name.slice(ext.length + 1).split('.')[0]!);
      if (block && key) out[ext] = Object.fromEntries(Object.entries(block).filter(([k]) => k !== key));
      continue;
    }
    if (lower.includes('.') && !ext) continue;
    const key = keyOf(out, ext ?? lower);
    if (key && !ALWAYS.has(key)) delete out[key];
  }
  return out;
}

function extensionOf(lower: string, extensions: readonly string[]): string | undefined {
  return extensions.find((u) => lower === u.toLowerCase() || lower.startsWith(`${u.toLowerCase()}:`));
}

function keyOf(obj: Record<string, unknown>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}
