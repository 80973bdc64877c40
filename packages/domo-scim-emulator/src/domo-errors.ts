import { STATUS_CODES } from 'node:http';

/** The error body of Domo's non-SCIM APIs: not SCIM's `detail`, but a `message` beside the status. */
export interface DomoErrorBody {
  status: number;
  statusReason: string;
  message: string;
}

export function domoErrorBody(status: number, message: string): DomoErrorBody {
  return { status, statusReason: STATUS_CODES[status] ?? 'Error', message };
}
