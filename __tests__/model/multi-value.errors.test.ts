import { ConfigError } from '../../src/errors';
import { CellValueError, formatCellValues, parseCellValues } from '../../src';

describe('multi-value errors', () => {
  test.each(['', ' ', '[', ']'])('separator %j is a ConfigError', (separator) => {
    expect(() => parseCellValues('[a]', { separator })).toThrow(ConfigError);
    expect(() => parseCellValues('[a]', { separator })).toThrow(
      `multi-value separator ${JSON.stringify(separator)} is invalid: use a visible character such as "," or "|" (not a bracket)`,
    );
  });

  test.each<[string, string]>([
    ['[North, East', 'starts with "[" but does not end with "]"; write several values as [a, b], one value plainly'],
    ['[', 'starts with "[" but does not end with "]"; write several values as [a, b], one value plainly'],
    ['[a, b] c', 'starts with "[" but does not end with "]"; write several values as [a, b], one value plainly'],
    ['North]', 'ends with "]" without a matching "["; write several values as [a, b], one value plainly'],
    ['North] East]', 'ends with "]" without a matching "["; write several values as [a, b], one value plainly'],
    ['[a,,b]', 'has an empty value (item 2 of 3); remove the extra "," or write the value'],
    ['[a, ]', 'has an empty value (item 2 of 2); remove the extra "," or write the value'],
    [' [ , a] ', 'has an empty value (item 1 of 2); remove the extra "," or write the value'],
  ])('the malformed cell %j is refused, naming the cell', (cell, problem) => {
    const err = (() => {
      try {
        parseCellValues(cell);
      } catch (e) {
        return e as CellValueError;
      }
      throw new Error('expected an error');
    })();
    expect(err).toBeInstanceOf(CellValueError);
    expect(err.message).toBe(`cell ${JSON.stringify(cell)} ${problem}`);
  });

  test('the problem names the custom separator', () => {
    expect(() => parseCellValues('[a|', { separator: '|' })).toThrow(
      'cell "[a|" starts with "[" but does not end with "]"; write several values as [a| b], one value plainly',
    );
    expect(() => parseCellValues('[a||b]', { separator: '|' })).toThrow(
      'cell "[a||b]" has an empty value (item 2 of 3); remove the extra "|" or write the value',
    );
  });

  test.each([[['a, b', 'c']], [['[a, b]']], [['']], [[' a']]])('%j cannot be written without changing it', (values) => {
    expect(() => formatCellValues(values)).toThrow(
      `cannot write value ${JSON.stringify(values[0])} to a dataset cell: values must be non-empty, ` +
        'without surrounding whitespace, and without "," when a cell holds a list',
    );
  });
});
