/** pass: ready; fail: must be fixed before a deploy can work; skip: could not be checked, with the reason. */
export type DoctorStatus = 'pass' | 'fail' | 'skip';

export interface DoctorCheck {
  /** Stable, e.g. "token", "grant:users-write", "key:region", "role:Store Manager". */
  readonly id: string;
  readonly status: DoctorStatus;
  /** One line naming the offending thing and the fix; never holds the token. */
  readonly message: string;
}

export interface DoctorReport {
  /** True when no check failed (skips allowed). */
  readonly ok: boolean;
  readonly checks: readonly DoctorCheck[];
}

export function reportOf(checks: readonly DoctorCheck[]): DoctorReport {
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}

const MARKS: Record<DoctorStatus, string> = { pass: '✓', fail: '✗', skip: '-' };

/** One line per check, for people reading a terminal. */
export function formatReport(report: DoctorReport): string {
  return report.checks.map((c) => `${MARKS[c.status]} ${c.id}: ${c.message}`).join('\n');
}
