import { CommanderError } from 'commander';
import type { DriftReport } from '../../drift/report';
import { summarizeDrift } from './report';

/**
 * Differences were found: exit code 2. The report has been printed by then. It is a
 * CommanderError (the `program.error` mechanism for custom exit codes) because the CLI entry maps
 * those to 2 without printing them again; any other error exits 1.
 */
export class DriftFoundError extends CommanderError {
  override readonly name = 'DriftFoundError';
  constructor(readonly report: DriftReport) {
    super(2, 'commander.driftFound', `drift: ${summarizeDrift(report)}`);
  }
}

/**
 * The check could not be completed (bad options, environment or desired-state files, SCIM
 * failure): exit code 1, even for what other commands report as usage errors (2), because a drift
 * check's 2 means "differences found" and CI acts on it.
 */
export class DriftCheckError extends Error {
  override readonly name = 'DriftCheckError';
  constructor(cause: unknown) {
    super(`drift: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
