import type { Dispatcher } from 'undici';

/**
 * The largest answer read whole (a listing page, or one group with its members): a group of
 * 200,000 members is about 20 MB. Past it the read stops: a body that large is not an answer of
 * Domo's that the engine can use, and reading on would only fill memory.
 */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** How much of an error body is kept: enough for Domo's reason; the rest is not read. */
export const MAX_ERROR_BODY_BYTES = 8 * 1024;

/** A body that did not fit its limit; it was not read further. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`a body larger than the ${describeBytes(limit)} limit; it was not read further`);
  }
}

/**
 * The body as UTF-8 text, read chunk by chunk up to `limit` bytes. Past the limit the stream is
 * destroyed (the rest is never read into memory) and the read either fails with a
 * BodyTooLargeError or, with `truncate`, returns what fit.
 */
export async function readBodyText(body: Dispatcher.ResponseData['body'], limit: number, over: 'fail' | 'truncate'): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size + chunk.length > limit) {
      chunks.push(chunk.subarray(0, limit - size));
      body.destroy();
      if (over === 'fail') throw new BodyTooLargeError(limit);
      return Buffer.concat(chunks).toString('utf8');
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** 33554432 -> "32 MiB", 8192 -> "8 KiB". */
function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes}-byte`;
}
