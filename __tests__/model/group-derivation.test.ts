import { parseCsv } from '../../src/sources';
import { deriveGroups } from '../../src';

describe('deriveGroups', () => {
  const csv = parseCsv('email,franchise,score\na@x.com,North,90\nb@x.com,South,70\nc@x.com,North,85\nd@x.com,,99\n', 'roster.csv');

  it('makes one group per value of a column, with names from functions', () => {
    expect(
      deriveGroups(csv, {
        userNameColumn: 'email',
        groupBy: 'franchise',
        displayName: (v) => `Franchise - ${v}`,
        description: (v) => `${v} stores`,
      }),
    ).toEqual([
      { displayName: 'Franchise - North', description: 'North stores', members: ['a@x.com', 'c@x.com'] },
      { displayName: 'Franchise - South', description: 'South stores', members: ['b@x.com'] },
    ]);
  });

  it('filters rows and groups by a function', () => {
    expect(
      deriveGroups(csv, { userNameColumn: 'email', groupBy: () => 'High scorers', where: (r) => Number(r.values.score) >= 85 }),
    ).toEqual([{ displayName: 'High scorers', members: ['a@x.com', 'c@x.com', 'd@x.com'] }]);
  });

  it('applies the userName rule to members, naming file, row and column, all at once', () => {
    const rows = parseCsv('email,franchise\nzoë@example.com,Tacos\njane doe@example.com,Tacos\nann,Grill\n,\n', 'roster.csv');
    expect(() => deriveGroups(rows, { userNameColumn: 'email', groupBy: 'franchise' })).toThrow(
      '2 problems in the input:\n' +
        `  - roster.csv, row 2 (line 3), field "email": "jane doe@example.com" is not a valid userName: it contains whitespace; a Domo userName is the user's email address, e.g. jane@acme.com\n` +
        `  - roster.csv, row 3 (line 4), field "email": "ann" is not a valid userName: it has no "@"; a Domo userName is the user's email address, e.g. jane@acme.com`,
    );
    expect(
      deriveGroups(parseCsv('email,franchise\nzoë@example.com,Tacos\n', 'roster.csv'), { userNameColumn: 'email', groupBy: 'franchise' }),
    ).toEqual([{ displayName: 'Tacos', members: ['zoë@example.com'] }]);
  });

  it('names the file and the missing column', () => {
    expect(() => deriveGroups(csv, { userNameColumn: 'mail', groupBy: 'region' })).toThrow(
      'roster.csv, field "mail": column "mail" is not in the dataset (columns: email, franchise, score)',
    );
  });
});

describe('deriveGroups with group fields from columns (the format `domo-identity export` writes)', () => {
  const memberships = parseCsv(
    'group,userName,domoDisplayName,description\nNorth,a@x.com,North stores,\nNorth,b@x.com,North stores,All of the north\nSouth,c@x.com,,\n',
    'groups.csv',
  );

  it('takes each field from the rows of its group; an empty cell leaves the field unmanaged', () => {
    expect(
      deriveGroups(memberships, {
        groupBy: 'group',
        domoDisplayName: { column: 'domoDisplayName' },
        description: { column: 'description' },
      }),
    ).toEqual([
      { displayName: 'North', domoDisplayName: 'North stores', description: 'All of the north', members: ['a@x.com', 'b@x.com'] },
      { displayName: 'South', members: ['c@x.com'] },
    ]);
  });

  it('names the row and column where rows of one group disagree', () => {
    const bad = parseCsv('group,userName,domoDisplayName\nNorth,a@x.com,North stores\nNorth,b@x.com,Northern stores\n', 'groups.csv');
    expect(() => deriveGroups(bad, { groupBy: 'group', domoDisplayName: { column: 'domoDisplayName' } })).toThrow(
      'groups.csv, row 2 (line 3), field "domoDisplayName": "Northern stores" differs from "North stores" in row 1 for group "North"; every row of a group must agree',
    );
  });

  it('names a missing field column', () => {
    expect(() => deriveGroups(memberships, { groupBy: 'group', description: { column: 'about' } })).toThrow(
      'groups.csv, field "about": column "about" is not in the dataset',
    );
  });
});
