import { join } from 'node:path';
import { type AttributeMapping, DesiredUserAttributes, mapUserAttributes } from '../../src';
import { parseCsv, readCsvFile } from '../../src/sources';

const franchiseMapping: AttributeMapping = {
  userNameColumn: 'email',
  attributes: {
    franchise: 'franchise',
    storeNumber: 'store_number',
    region: 'region',
    trainingCompleted: 'training_completed',
    trainingScore: 'training_score',
  },
};

describe('mapUserAttributes', () => {
  test('maps columns to keys, sorted by userName ignoring case, keeping the original casing', () => {
    const dataset = parseCsv('userName,Store,tags\n' + ' zed@example.com ,7,"[x, y]"\n' + 'Ann@Example.com,,\n', 'in.csv');
    expect(mapUserAttributes(dataset, { attributes: { store: 'Store', tags: 'tags' } })).toEqual([
      { userName: 'Ann@Example.com', attributes: { store: [], tags: [] } },
      { userName: 'zed@example.com', attributes: { store: ['7'], tags: ['x', 'y'] } },
    ]);
  });

  test('one column can feed several keys, and a custom separator applies to every key', () => {
    const dataset = parseCsv('userName,codes\na@example.com,"[a| b, c]"\n', 'in.csv');
    expect(mapUserAttributes(dataset, { attributes: { codes: 'codes', codesCopy: 'codes' }, multiValue: { separator: '|' } })).toEqual([
      { userName: 'a@example.com', attributes: { codes: ['a', 'b, c'], codesCopy: ['a', 'b, c'] } },
    ]);
  });

  test('template-like values stay literal', () => {
    const dataset = parseCsv('userName,dept\na@example.com,R&D ${temp}\nb@example.com,"[%{x}, ${file(""/etc/hostname"")}]"\n', 'in.csv');
    expect(mapUserAttributes(dataset, { attributes: { dept: 'dept' } }).map((u) => u.attributes['dept'])).toEqual([
      ['R&D ${temp}'],
      ['%{x}', '${file("/etc/hostname")}'],
    ]);
  });

  test('internationalised userNames are accepted (the identity rule), and matched ignoring case', () => {
    const dataset = parseCsv('email,store\nzoë@example.com,1\n用户@例子.公司,2\n', 'in.csv');
    expect(mapUserAttributes(dataset, { userNameColumn: 'email', attributes: { store: 'store' } })).toEqual([
      { userName: 'zoë@example.com', attributes: { store: ['1'] } },
      { userName: '用户@例子.公司', attributes: { store: ['2'] } },
    ]);
    const twice = parseCsv('email,store\nzoë@example.com,1\nZOË@example.com,2\n', 'in.csv');
    expect(() => mapUserAttributes(twice, { userNameColumn: 'email', attributes: { store: 'store' } })).toThrow(
      'userName "ZOË@example.com" duplicates "zoë@example.com" in row 1 (line 2)',
    );
  });

  test('no rows, no users', () => {
    expect(mapUserAttributes(parseCsv('userName\n', 'in.csv'), { attributes: {} })).toEqual([]);
  });
});

describe('data/franchise-roster.csv', () => {
  const dataset = readCsvFile(join(__dirname, '../../data/franchise-roster.csv'));
  const users = mapUserAttributes(dataset, franchiseMapping);

  test('has the documented columns', () => {
    expect(dataset.columns).toEqual([
      'email',
      'full_name',
      'franchise',
      'store_number',
      'region',
      'training_completed',
      'training_score',
      'department',
      'role',
    ]);
  });

  test('maps exactly the 12 sample users, each valid and with every key', () => {
    expect(users.map((u) => u.userName)).toEqual(
      [
        'aisha.khan',
        'emma.wright',
        'ethan.davis',
        'james.chen',
        'liam.oconnor',
        'lucas.silva',
        'maria.lopez',
        'noah.kim',
        'olivia.brown',
        'priya.nair',
        'sofia.rossi',
        'tom.becker',
      ].map((name) => `${name}@sunbeltfoods.example`),
    );
    for (const user of users) {
      expect(DesiredUserAttributes.parse(user)).toEqual(user);
      expect(Object.keys(user.attributes)).toEqual(Object.keys(franchiseMapping.attributes));
    }
  });

  test('multi-value, empty and comma-containing cells', () => {
    const byName = new Map(users.map((u) => [u.userName.split('@')[0], u.attributes]));
    expect(byName.get('maria.lopez')).toEqual({
      franchise: ['Sunbelt Tacos North'],
      storeNumber: ['101'],
      region: ['Texas North'],
      trainingCompleted: ['FS-101', 'FS-201'],
      trainingScore: ['92'],
    });
    expect(byName.get('tom.becker')!['trainingCompleted']).toEqual([]);
    expect(byName.get('emma.wright')!['franchise']).toEqual(['Sunbelt Tacos, Express']);
  });

  test('the unmapped department keeps ${...} literally', () => {
    const sofia = dataset.rows.find((r) => r.values['email']!.startsWith('sofia.rossi'))!;
    expect(sofia.values['department']).toBe('R&D ${temp}');
  });
});
