import type { DoctorReport } from './report';

/**
 * Some check failed. The report has been printed by then, so the CLI entry only needs the exit
 * code, 1, which it gives every error that is not a usage or configuration error.
 */
export class DoctorFailedError extends Error {
  override readonly name = 'DoctorFailedError';
  constructor(readonly report: DoctorReport) {
    const failed = report.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    super(`doctor: ${failed.length} of ${report.checks.length} check${report.checks.length === 1 ? '' : 's'} failed: ${failed.join(', ')}`);
  }
}
