import { ROLES_PATH } from './contract';
import { EmulatorRoute } from './context';

/** Domo's roles API: the system roles and the seed's custom ones, all in one list. */
export const ROLES_ROUTES: readonly EmulatorRoute[] = [
  // The path holds no regex metacharacters, so it can be used as a pattern as is.
  {
    method: 'GET',
    pattern: new RegExp(`^${ROLES_PATH}/?$`),
    handle: (_req, _p, ctx) => ({
      status: 200,
      body: ctx.store.roles().map((r) => ({ id: r.id, name: r.name, description: r.description ?? '' })),
    }),
  },
];
