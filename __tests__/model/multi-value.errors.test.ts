import { ConfigError } from '../../src/errors';
import { formatCellValues, parseCellValues } from '../../src/model';

describe('multi-value errors', () => {
  test.each(['', ' ', '[', ']'])('separator %j is a ConfigError', (separator) => {
    expect(() => parseCellValues('[a]', { separator })).toThrow(ConfigError);
    expect(() => parseCellValues('[a]', { separator })).toThrow(
      `multi-value separator ${JSON.stringify(separator)} is invalid: use a visible character such as "," or "|" (not a bracket)`,
    );
  });

  test.each([[['a, b', 'c']], [['[a, b]']], [['']], [[' a']]])('%j cannot be written without changing it', (values) => {
    expect(() => formatCellValues(values)).toThrow(
      `cannot write value ${JSON.stringify(values[0])} to a dataset cell: values must be non-empty, ` +
        'without surrounding whitespace, and without "," when a cell holds a list',
    );
  });
});
