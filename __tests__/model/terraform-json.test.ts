import { escapeTerraformTemplate, terraformJsonEncode, terraformMapDigest } from '../../src/model/terraform-json';
import { renderValues, triggerKey, userNameOfTriggerKey } from '../../src/model/triggers';
import { userAttributeTriggers } from '../../src/kinds/user-attributes/manifest';

describe('terraformJsonEncode', () => {
  it('matches the digest Terraform 1.11 computed with sha256(jsonencode(map))', () => {
    // Vector produced by `terraform apply` on this map: keys sorted by UTF-8 bytes, HTML-safe escapes.
    const map = {
      'jane@acme.com/storeNumber': '101',
      'jane@acme.com/x': '${file("/etc/hostname")}',
      'bob@acme.com/storeNumber': '<&>\u2028é😀',
    };
    expect(terraformJsonEncode(map)).toBe(
      '{"bob@acme.com/storeNumber":"\\u003c\\u0026\\u003e\\u2028é😀","jane@acme.com/storeNumber":"101","jane@acme.com/x":"${file(\\"/etc/hostname\\")}"}',
    );
    expect(terraformMapDigest(map)).toBe('e4e9c08fa9cf3f49f881aa3d00de43e5667ed01cc4a061bdb6f9dd525debf2ec');
  });

  it('sorts keys by UTF-8 bytes, not UTF-16 code units', () => {
    expect(terraformJsonEncode({ '\uFF5E': 'b', '😀': 'a' })).toBe('{"～":"b","😀":"a"}');
  });
});

describe('escapeTerraformTemplate', () => {
  it('doubles template openers so Terraform keeps them literal', () => {
    expect(escapeTerraformTemplate('${file("/etc/hostname")} and %{ if x }')).toBe('$${file("/etc/hostname")} and %%{ if x }');
    expect(escapeTerraformTemplate('costs $5 {ok} 100%')).toBe('costs $5 {ok} 100%');
  });
});

describe('trigger maps', () => {
  it('has one key per user and managed key, rendering value lists for review', () => {
    const triggers = userAttributeTriggers(
      [
        { userName: 'Jane@acme.com', attributes: { storeNumber: ['101'], offices: ['NY', 'CA'] } },
        { userName: 'bob@acme.com', attributes: { storeNumber: [], offices: ['[odd]'] } },
      ],
      ['storeNumber', 'offices'],
    );
    expect(triggers).toEqual({
      'Jane@acme.com/storeNumber': '101',
      'Jane@acme.com/offices': '["NY","CA"]',
      'bob@acme.com/storeNumber': '',
      'bob@acme.com/offices': '["[odd]"]',
    });
  });

  it('recovers the userName from a trigger key even when it contains a slash', () => {
    expect(userNameOfTriggerKey(triggerKey('a/b@acme.com', 'storeNumber'))).toBe('a/b@acme.com');
    expect(renderValues(['x'])).toBe('x');
  });
});
