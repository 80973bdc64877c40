import type { Dataset } from '../../src/sources';
import { InputError, InputErrors } from '../../src/errors';
import { userKey, userNameProblem, SYSTEM_ROLE_IDS, type SystemRoleName } from '../../src';

/** Courses an employee must pass to be training-certified. */
export const REQUIRED_COURSES = ['FS-101', 'FS-201'] as const;
/** The score a course counts as passed at. */
export const PASSING_SCORE = 80;
/** Roles a certified employee is raised from, and the role they get. */
export const UPGRADED_FROM: ReadonlySet<SystemRoleName> = new Set(['Social', 'Participant']);
export const CERTIFIED_ROLE: SystemRoleName = 'Editor';

/**
 * The training rule, joined to users by email: certified when every required course was passed.
 * Rows are validated first; every problem is reported with the file, row and column.
 */
export function certifiedEmployees(training: Dataset): Set<string> {
  const problems: InputError[] = [];
  const passed = new Map<string, Set<string>>();
  for (const row of training.rows) {
    const at = (field: string) => ({ file: training.source, row: row.row, line: row.line, field });
    const email = row.values.email?.trim() ?? '';
    const course = row.values.course?.trim() ?? '';
    const score = Number(row.values.score);
    const emailProblem = userNameProblem(email);
    if (emailProblem !== undefined) problems.push(new InputError(at('email'), emailProblem));
    if (course === '') problems.push(new InputError(at('course'), 'the course is empty'));
    if (row.values.score?.trim() === '' || !Number.isFinite(score))
      problems.push(new InputError(at('score'), `${JSON.stringify(row.values.score)} is not a number`));
    if (score >= PASSING_SCORE) {
      const courses = passed.get(userKey(email)) ?? new Set<string>();
      courses.add(course);
      passed.set(userKey(email), courses);
    }
  }
  if (problems.length > 0) throw new InputErrors(problems);
  return new Set([...passed].filter(([, courses]) => REQUIRED_COURSES.every((c) => courses.has(c))).map(([email]) => email));
}

/** A certified Social or Participant becomes an Editor; nobody is ever lowered by this rule. */
export function roleFor(baseRole: SystemRoleName, certified: boolean): SystemRoleName {
  return certified && UPGRADED_FROM.has(baseRole) ? CERTIFIED_ROLE : baseRole;
}

export function isSystemRoleName(value: string): value is SystemRoleName {
  return Object.prototype.hasOwnProperty.call(SYSTEM_ROLE_IDS, value);
}
