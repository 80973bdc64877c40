import { redactToken } from '../../src/handlers/redact-token';

describe('redactToken', () => {
  it('removes the token as given, trimmed and URL-encoded', () => {
    const token = 'a+b/c==\n';
    expect(redactToken(`raw ${token} trimmed a+b/c== encoded ${encodeURIComponent('a+b/c==')}`, token)).toBe(
      'raw [REDACTED] trimmed [REDACTED] encoded [REDACTED]',
    );
  });

  it('leaves text alone without a token, or with a blank one', () => {
    expect(redactToken('nothing secret', undefined)).toBe('nothing secret');
    expect(redactToken('nothing secret', ' \n')).toBe('nothing secret');
  });
});
