import { parseCsv } from '../../src/sources';
import { deriveGroups } from '../../src/model';

describe('deriveGroups', () => {
  const csv = parseCsv('email,franchise,score\na@x.com,North,90\nb@x.com,South,70\nc@x.com,North,85\nd@x.com,,99\n', 'roster.csv');

  it('makes one group per value of a column, with names from functions', () => {
    expect(
      deriveGroups(csv, { userNameColumn: 'email', groupBy: 'franchise', displayName: (v) => `Franchise - ${v}`, description: (v) => `${v} stores` }),
    ).toEqual([
      { displayName: 'Franchise - North', description: 'North stores', members: ['a@x.com', 'c@x.com'] },
      { displayName: 'Franchise - South', description: 'South stores', members: ['b@x.com'] },
    ]);
  });

  it('filters rows and groups by a function', () => {
    expect(deriveGroups(csv, { userNameColumn: 'email', groupBy: () => 'High scorers', where: (r) => Number(r.values.score) >= 85 })).toEqual([
      { displayName: 'High scorers', members: ['a@x.com', 'c@x.com', 'd@x.com'] },
    ]);
  });

  it('names the file and the missing column', () => {
    expect(() => deriveGroups(csv, { userNameColumn: 'mail', groupBy: 'region' })).toThrow(
      'roster.csv, field "mail": column "mail" is not in the dataset (columns: email, franchise, score)',
    );
  });
});

