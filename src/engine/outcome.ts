import type { AttributeChange } from './planner/attributes';
import { describeChanges } from './planner/attributes';

export type OutcomeStatus = 'unchanged' | 'updated' | 'created' | 'cleared' | 'retained' | 'kept' | 'deleted' | 'absent' | 'failed';

/** What a handler did for one identity; the report and the exit code derive from these. */
export interface Outcome {
  readonly identity: string;
  readonly status: OutcomeStatus;
  readonly changes?: readonly AttributeChange[];
  /** A readable account of what changed, when `changes` does not fit (groups). */
  readonly detail?: string;
  readonly error?: string;
}

export function summarize(title: string, outcomes: readonly Outcome[]): { text: string; failed: Outcome[] } {
  const counts = new Map<OutcomeStatus, number>();
  for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  const tally = [...counts.entries()].map(([s, n]) => `${n} ${s}`).join(', ') || 'nothing to do';
  const lines = [`domo-identity: ${title}: ${outcomes.length} checked, ${tally}`];
  for (const o of outcomes) {
    const what = o.changes && o.changes.length > 0 ? describeChanges(o.changes) : o.detail;
    if (o.status !== 'failed' && o.status !== 'unchanged' && what) lines.push(`  ${o.status} ${o.identity}: ${what}`);
  }
  return { text: lines.join('\n'), failed: outcomes.filter((o) => o.status === 'failed') };
}

export function failureReport(title: string, failed: readonly Outcome[], retry: string): string {
  return [`domo-identity: ${title}: ${failed.length} failed (${retry}):`, ...failed.map((o) => `  - ${o.identity}: ${o.error}`)].join('\n');
}

export function failed(identity: string, error: string, changes?: readonly AttributeChange[]): Outcome {
  return { identity, status: 'failed', error, ...(changes ? { changes } : {}) };
}

/**
 * An identity whose write Domo accepted but did not apply, as a read-back found it: each part names
 * what is not as written (see {@link notKeptField}).
 */
export function notKept(identity: string, write: 'create' | 'update', parts: readonly string[]): Outcome {
  return failed(identity, `Domo did not keep it (read back after the ${write}): ${parts.join('; ')}`);
}

/** One field of a {@link notKept} outcome: what was written, and what the read-back found. */
export function notKeptField(field: string, expected: string, found: string): string {
  return `${field} expected ${JSON.stringify(expected)}, found ${JSON.stringify(found)}`;
}

/** One identity's failure never stops the others; it is reported and the instance fails at the end. */
export async function guard(identity: string, run: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await run();
  } catch (err) {
    return failed(identity, (err as Error).message);
  }
}

/** What the engine answers for one instance: the text to print and the exit code Terraform judges it by. */
export interface Verdict {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What one instance's work did: an outcome per identity, and notes about the instance as a whole. */
export interface WorkResult {
  readonly outcomes: readonly Outcome[];
  readonly notes?: readonly string[];
}

/** The summary on stdout; failures on stderr, and exit code 1 so Terraform fails (and taints) the instance. */
export function verdictOf(title: string, result: WorkResult, retry: string): Verdict {
  const { text, failed } = summarize(title, result.outcomes);
  const notes = (result.notes ?? []).map((n) => `  note: ${n}\n`).join('');
  if (failed.length === 0) return { code: 0, stdout: `${text}\n${notes}`, stderr: '' };
  return { code: 1, stdout: `${text}\n${notes}`, stderr: `${failureReport(title, failed, retry)}\n` };
}
