/** Port the `emulator` command listens on when none is given. */
export const DEFAULT_EMULATOR_PORT = 8765;

/** Token the demo and local runs share, so nobody has to invent one to try the tool. */
export const DEFAULT_EMULATOR_TOKEN = 'local-dev-token';

/** Largest page `GET /Users` returns unless the emulator is told otherwise. */
export const DEFAULT_MAX_PAGE_SIZE = 200;

/** Mount point of the admin API, outside the SCIM root so it can never clash with Domo paths. */
export const ADMIN_ROOT_PATH = '/_emulator';

/**
 * Root of Domo's non-SCIM APIs the emulator models (attribute definitions, roles): everything
 * under /api/ but the SCIM root, which is matched first.
 */
export const DOMO_API_ROOT_PATH = '/api';
