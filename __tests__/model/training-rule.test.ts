import * as path from 'node:path';
import { parseCsv, readCsvFile } from '../../src/sources';
import { certifiedEmployees, roleFor } from '../../stacks/rules/training';
import { employeesFromRoster } from '../../stacks/rules/employees';

const DATA = path.join(__dirname, '..', '..', 'data');

describe('the training rule', () => {
  it('certifies employees who passed every required course with 80 or more, joined by email case-insensitively', () => {
    const training = parseCsv(
      'email,course,completed_on,score\nA@x.com,FS-101,2025-01-01,80\na@x.com,FS-201,2025-01-02,99\nb@x.com,FS-101,2025-01-01,95\nb@x.com,FS-201,2025-01-02,79.5\nc@x.com,FS-201,2025-01-01,90\n',
      'training.csv',
    );
    expect([...certifiedEmployees(training)]).toEqual(['a@x.com']);
  });

  it('certifies exactly these sample employees', () => {
    const certified = certifiedEmployees(readCsvFile(path.join(DATA, 'training-completions.csv')));
    expect([...certified].sort()).toEqual(['aisha.khan', 'emma.wright', 'maria.lopez', 'noah.kim'].map((n) => `${n}@sunbeltfoods.example`));
  });

  it('raises certified Social and Participant users to Editor and never lowers anyone', () => {
    expect(roleFor('Participant', true)).toBe('Editor');
    expect(roleFor('Social', true)).toBe('Editor');
    expect(roleFor('Participant', false)).toBe('Participant');
    expect(roleFor('Admin', true)).toBe('Admin');
    expect(roleFor('Privileged', true)).toBe('Privileged');
  });

  it('names the file, row and field of bad training rows', () => {
    const bad = parseCsv('email,course,completed_on,score\nnot-an-email,FS-101,2025-01-01,abc\n', 'training.csv');
    expect(() => certifiedEmployees(bad)).toThrow(
      '2 problems in the input:\n' +
        `  - training.csv, row 1 (line 2), field "email": "not-an-email" is not a valid userName: it has no "@"; a Domo userName is the user's email address, e.g. jane@acme.com\n` +
        '  - training.csv, row 1 (line 2), field "score": "abc" is not a number',
    );
  });
});

describe('employees from the roster', () => {
  it('maps name, department, upgraded role and the certification flag', () => {
    const roster = readCsvFile(path.join(DATA, 'franchise-roster.csv'));
    const employees = employeesFromRoster(roster, new Set(['aisha.khan@sunbeltfoods.example']));
    expect(employees.find((e) => e.userName === 'aisha.khan@sunbeltfoods.example')).toEqual({
      userName: 'aisha.khan@sunbeltfoods.example',
      displayName: 'Aisha Khan',
      department: 'Management',
      role: 'Editor',
      customAttributes: { trainingCertified: ['true'] },
    });
    expect(employees.find((e) => e.userName === 'sofia.rossi@sunbeltfoods.example')).toMatchObject({
      role: 'Participant',
      department: 'R&D ${temp}',
      customAttributes: { trainingCertified: ['false'] },
    });
  });

  it('names the file, row and column of an unknown role', () => {
    const roster = parseCsv('email,full_name,department,role\na@x.com,A,Ops,Boss\n', 'roster.csv');
    expect(() => employeesFromRoster(roster, new Set())).toThrow(
      'roster.csv, row 1 (line 2), field "role": "Boss" is not a Domo role (Admin, Privileged, Editor, Participant, Social)',
    );
  });
});
