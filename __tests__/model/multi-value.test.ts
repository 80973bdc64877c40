import { formatCellValues, parseCellValues } from '../../src';

describe('parseCellValues', () => {
  test.each<[string, string[]]>([
    ['', []],
    ['   ', []],
    [' x ', ['x']],
    ['Sunbelt Tacos, Express', ['Sunbelt Tacos, Express']],
    ['[a, b]', ['a', 'b']],
    [' [ a , b ] ', ['a', 'b']],
    ['[]', []],
    ['[ ]', []],
    ['[[x]', ['[x']],
    ['[x]]', ['x]']],
    ['Store [North]', ['Store [North]']],
    ['${file("/etc/hostname")}', ['${file("/etc/hostname")}']],
    ['[%{if x}, ${y}]', ['%{if x}', '${y}']],
  ])('%j -> %j', (cell, values) => {
    expect(parseCellValues(cell)).toEqual(values);
  });

  test('custom separator inside brackets', () => {
    expect(parseCellValues('[a| b|c, d]', { separator: '|' })).toEqual(['a', 'b', 'c, d']);
  });
});

describe('formatCellValues', () => {
  test.each<[string[], string]>([
    [[], ''],
    [['x'], 'x'],
    [['a, b'], 'a, b'],
    [['[x'], '[[x]'],
    [['x]'], '[x]]'],
    [['[x]'], '[[x]]'],
    [['a', 'b'], '[a, b]'],
    [['${file("/etc/hostname")}'], '${file("/etc/hostname")}'],
  ])('%j -> %j and back', (values, cell) => {
    expect(formatCellValues(values)).toBe(cell);
    expect(parseCellValues(cell)).toEqual(values);
  });

  test('custom separator', () => {
    expect(formatCellValues(['a, 1', 'b'], { separator: '|' })).toBe('[a, 1| b]');
    expect(parseCellValues('[a, 1| b]', { separator: '|' })).toEqual(['a, 1', 'b']);
  });
});
