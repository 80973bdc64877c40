import { ERROR } from './contract';

/** RFC 7644 section 3.12 scimType values the emulator answers with. */
export type ScimType =
  'invalidFilter' | 'invalidSyntax' | 'invalidPath' | 'invalidValue' | 'mutability' | 'noTarget' | 'uniqueness' | 'tooMany';

/** The SCIM error body, exactly as Domo documents it: status is a string. */
export interface ScimErrorBody {
  schemas: [typeof ERROR];
  status: string;
  scimType?: ScimType;
  detail: string;
}

/**
 * Thrown by route handlers to answer with a SCIM error. Named for the emulator so it cannot be
 * confused with the client's error type when both are re-exported from one barrel.
 */
export class EmulatorHttpError extends Error {
  override readonly name = 'EmulatorHttpError';
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  toBody(): ScimErrorBody {
    return scimErrorBody(this.status, this.detail, this.scimType);
  }
}

export function scimErrorBody(status: number, detail: string, scimType?: ScimType): ScimErrorBody {
  return { schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

export const badRequest = (detail: string, scimType?: ScimType) => new EmulatorHttpError(400, detail, scimType);
export const notFound = (detail: string) => new EmulatorHttpError(404, detail);
