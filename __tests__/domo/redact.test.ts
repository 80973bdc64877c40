import { redactor } from '../../src/domo/redact';

describe('redaction of the token', () => {
  const token = 'a+b/c==\n';
  const redact = redactor([token]);

  it('removes the token as given, trimmed, and percent-encoded in either case', () => {
    const encoded = encodeURIComponent('a+b/c==');
    expect(redact(`raw ${token} trimmed a+b/c== upper ${encoded} lower ${encoded.toLowerCase()}`)).toBe(
      'raw [REDACTED] trimmed [REDACTED] upper [REDACTED] lower [REDACTED]',
    );
  });

  it('removes it HTML-escaped: named, decimal and hex entities in either case, mixed with plain characters', () => {
    expect(redact('<p>a&#43;b&sol;c&#x3D;&#X3d;</p> and a&plus;b/c&equals;=')).toBe('<p>[REDACTED]</p> and [REDACTED]');
  });

  it('leaves text alone without a token, or with a blank one', () => {
    expect(redactor([undefined])('nothing secret')).toBe('nothing secret');
    expect(redactor([' \n'])('nothing secret')).toBe('nothing secret');
  });
});
