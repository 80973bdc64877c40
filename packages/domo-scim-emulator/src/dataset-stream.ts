import { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EmulatorResponse } from './http';

/** A response body written chunk by chunk (with backpressure), so a large export is never one string. */
export class StreamedBody {
  constructor(
    readonly contentType: string,
    readonly chunks: () => Iterable<string> | AsyncIterable<string>,
  ) {}
}

export type StreamedResponse = EmulatorResponse & { readonly body: StreamedBody };

export function isStreamed(response: EmulatorResponse): response is StreamedResponse {
  return response.body instanceof StreamedBody;
}

/** Sends a streamed response; a client that hangs up mid-way just ends it. */
export async function sendStreamed(res: ServerResponse, response: StreamedResponse): Promise<void> {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(response.status, { ...(response.headers ?? {}), 'content-type': response.body.contentType });
  try {
    await pipeline(Readable.from(response.body.chunks()), res);
  } catch {
    res.destroy();
  }
}
