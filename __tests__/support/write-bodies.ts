import { CUSTOM_USER } from '../../src/domo/scim/urns';

const CUSTOM_KEY_PATH = new RegExp(`^${CUSTOM_USER.replace(/\./g, '\\.')}:customAttributes\\[key eq ("(?:[^"\\\\]|\\\\.)*")\\]$`);

/**
 * Every user attribute a SCIM PATCH or PUT body names: custom attribute keys by their key, any
 * other attribute by its path or property. Parsed here rather than with the client's helpers, so
 * a write the client builds wrongly cannot hide behind the same mistake.
 */
export function attributesNamedIn(body: unknown): string[] {
  const operations = (body as { Operations?: unknown } | undefined)?.Operations;
  if (!Array.isArray(operations)) return namesInResource(body);
  return operations.flatMap((op: { path?: string; value?: unknown }) =>
    op.path === undefined ? namesInResource(op.value) : [nameOfPath(op.path)],
  );
}

function nameOfPath(path: string): string {
  const custom = CUSTOM_KEY_PATH.exec(path);
  return custom ? (JSON.parse(custom[1]!) as string) : path;
}

function namesInResource(resource: unknown): string[] {
  if (typeof resource !== 'object' || resource === null) return [JSON.stringify(resource)];
  return Object.entries(resource).flatMap(([property, value]) => {
    if (property === 'schemas' || property === 'id') return [];
    if (property !== CUSTOM_USER) return [property];
    const list = (value as { customAttributes?: unknown }).customAttributes;
    return Array.isArray(list)
      ? list.map((entry: { key?: unknown }) => String(entry.key))
      : [`${CUSTOM_USER} without a customAttributes list`];
  });
}
