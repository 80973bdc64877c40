import type { Dataset } from '../../src/sources';
import { InputError, InputErrors } from '../../src/errors';
import { userKey, type DesiredUser } from '../../src';
import { isSystemRoleName, roleFor } from './training';

/**
 * Roster rows -> Domo users: name, department, role (raised by the training rule) and the
 * `trainingCertified` flag. A role that is not a Domo system role names file, row and column.
 */
export function employeesFromRoster(roster: Dataset, certified: ReadonlySet<string>): DesiredUser[] {
  const problems: InputError[] = [];
  const users: DesiredUser[] = [];
  for (const row of roster.rows) {
    const userName = row.values.email!.trim();
    const baseRole = row.values.role?.trim() ?? '';
    if (!isSystemRoleName(baseRole)) {
      problems.push(
        new InputError(
          { file: roster.source, row: row.row, line: row.line, field: 'role' },
          `${JSON.stringify(baseRole)} is not a Domo role (Admin, Privileged, Editor, Participant, Social)`,
        ),
      );
      continue;
    }
    const isCertified = certified.has(userKey(userName));
    users.push({
      userName,
      displayName: row.values.full_name!.trim(),
      department: row.values.department!,
      role: roleFor(baseRole, isCertified),
      customAttributes: { trainingCertified: [isCertified ? 'true' : 'false'] },
    });
  }
  if (problems.length > 0) throw new InputErrors(problems);
  return users;
}
