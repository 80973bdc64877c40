import { LIST_RESPONSE } from './contract';
import { EmulatorResponse } from './http';
import { badRequest } from './scim-errors';

export function integerParam(query: Record<string, string>, name: string): number | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw badRequest(`"${name}" must be an integer, got "${raw}"`, 'invalidValue');
  return Number(raw);
}

/**
 * The ListResponse page that `startIndex` (1-based) and `count` select, with `count` clamped to
 * the largest page the service answers. Only the page's items are rendered, so a listing of
 * thousands costs one page of work.
 */
export function listPage<T>(
  items: readonly T[],
  query: Record<string, string>,
  maxPageSize: number,
  render: (item: T) => unknown,
): EmulatorResponse {
  const startIndex = Math.max(1, integerParam(query, 'startIndex') ?? 1);
  const count = Math.min(Math.max(0, integerParam(query, 'count') ?? maxPageSize), maxPageSize);
  const page = items.slice(startIndex - 1, startIndex - 1 + count);
  return {
    status: 200,
    body: { schemas: [LIST_RESPONSE], totalResults: items.length, startIndex, itemsPerPage: page.length, Resources: page.map(render) },
  };
}
