import type { DriftReport } from '../../drift/report';
import { summarizeDrift } from './report';

/**
 * Differences were found: exit code 3 (src/cli/exit-codes.ts), as Terraform's -detailed-exitcode
 * keeps "changes" apart from "failed". The report has been printed by then; the entry prints this
 * message, the one-line summary, on stderr.
 */
export class DriftFoundError extends Error {
  override readonly name = 'DriftFoundError';
  constructor(readonly report: DriftReport) {
    super(`drift: ${summarizeDrift(report)}`);
  }
}

/**
 * The check could not be completed: names the command; the cause decides the exit code as for
 * every command (2 for bad options, environment or synthesized files, else 1).
 */
export class DriftCheckError extends Error {
  override readonly name = 'DriftCheckError';
  constructor(cause: unknown) {
    super(`drift: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
