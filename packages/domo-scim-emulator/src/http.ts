import { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault } from './faults';
import { z } from 'zod';
import { badRequest, EmulatorHttpError, ScimType, scimErrorBody } from './scim-errors';

export const SCIM_CONTENT_TYPE = 'application/scim+json';

/** Large enough for any user or PatchOp; stops a runaway client from exhausting memory. */
const MAX_BODY_BYTES = 1024 * 1024;

/** A request as route handlers see it. */
export interface EmulatorRequest {
  readonly method: string;
  /** Path as routed: relative to the SCIM root or /_emulator, the full path for Domo's other APIs. */
  readonly path: string;
  readonly query: Record<string, string>;
  /** Parsed JSON body; undefined when the request had none. */
  readonly body: unknown;
  /** The injected fault that applies to the request, for faults that change how a route handles it. */
  readonly fault?: Fault;
}

/** What a handler answers; `body` undefined means no body (204). */
export interface EmulatorResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export async function readRawBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new EmulatorHttpError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON bodies are accepted as application/scim+json or application/json. */
export function parseJsonBody(raw: string, contentType: string | undefined): unknown {
  if (raw.trim() === '') return undefined;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== '' && type !== SCIM_CONTENT_TYPE && type !== 'application/json') {
    throw new EmulatorHttpError(400, `Unsupported Content-Type "${type}": send application/scim+json or application/json`, 'invalidSyntax');
  }
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new EmulatorHttpError(400, `The request body is not valid JSON: ${(e as Error).message}`, 'invalidSyntax');
  }
}

/** A request body validated by `schema`; 400 invalidValue naming every problem otherwise. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) throw badRequest(`Invalid ${what}:\n${z.prettifyError(result.error)}`, 'invalidValue');
  return result.data;
}

export function queryOf(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  return query;
}

/** Renders an error body in an API's own format (SCIM's, or that of Domo's other APIs). */
export type ErrorBodyFormat = (status: number, detail: string, scimType?: ScimType) => unknown;

export function errorResponse(e: unknown, format: ErrorBodyFormat = scimErrorBody): EmulatorResponse {
  if (e instanceof EmulatorHttpError) return { status: e.status, body: format(e.status, e.detail, e.scimType), headers: e.headers };
  // A bug in the emulator must still answer like a server, not kill it.
  return { status: 500, body: format(500, `Internal emulator error: ${(e as Error)?.message ?? String(e)}`) };
}

export function send(res: ServerResponse, response: EmulatorResponse, contentType: string): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  let payload: string | undefined;
  if (response.body !== undefined) {
    payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    headers['content-type'] ??= contentType;
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}
