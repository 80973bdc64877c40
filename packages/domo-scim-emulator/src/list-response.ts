import { LIST_RESPONSE } from './contract';
import { EmulatorContext } from './context';
import { EmulatorRequest, EmulatorResponse } from './http';
import { badRequest } from './scim-errors';

export function integerParam(query: Record<string, string>, name: string): number | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw badRequest(`"${name}" must be an integer, got "${raw}"`, 'invalidValue');
  return Number(raw);
}

/** How a listing pages: the largest page, and whether an `ignores-start-index` fault applies. */
export interface Paging {
  readonly maxPageSize: number;
  /** Answer the first page whatever `startIndex` asks, without `totalResults`: a server that does not page. */
  readonly ignoreStartIndex?: boolean;
}

/**
 * The ListResponse page that `startIndex` (1-based) and `count` select, with `count` clamped to
 * the largest page the service answers. Only the page's items are rendered, so a listing of
 * thousands costs one page of work.
 */
export function listPage<T>(
  items: readonly T[],
  query: Record<string, string>,
  paging: Paging,
  render: (item: T) => unknown,
): EmulatorResponse {
  const asked = Math.max(1, integerParam(query, 'startIndex') ?? 1);
  const startIndex = paging.ignoreStartIndex ? 1 : asked;
  const count = Math.min(Math.max(0, integerParam(query, 'count') ?? paging.maxPageSize), paging.maxPageSize);
  const page = items.slice(startIndex - 1, startIndex - 1 + count);
  const total = paging.ignoreStartIndex ? {} : { totalResults: items.length };
  return {
    status: 200,
    body: { schemas: [LIST_RESPONSE], ...total, startIndex, itemsPerPage: page.length, Resources: page.map(render) },
  };
}

/** The paging of a listing request: the service's largest page, and the request's `ignores-start-index` fault. */
export function paging(req: EmulatorRequest, ctx: EmulatorContext): Paging {
  return { maxPageSize: ctx.maxPageSize, ignoreStartIndex: req.fault?.kind === 'ignores-start-index' };
}
