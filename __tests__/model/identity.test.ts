import { attributeKeyProblem, isAttributeKey, isUserName, userKey, userNameProblem } from '../../src';

const RULE = "a Domo userName is the user's email address, e.g. jane@acme.com";

describe('the userName rule', () => {
  test.each([
    'jane@acme.com',
    'Jane.Doe@Acme.COM',
    'zoë@example.com',
    '用户@例子.公司',
    'josé.garcía@empresa.es',
    "o'brien+roster@sub.acme.co.uk",
    'ann_lee-2@acme-foods.example',
  ])('accepts %j', (userName) => {
    expect(userNameProblem(userName)).toBeUndefined();
    expect(isUserName(userName)).toBe(true);
  });

  test.each<[string, string]>([
    ['', 'it is empty'],
    ['jane', 'it has no "@"'],
    ['jane doe@acme.com', 'it contains whitespace'],
    ['zoë @example.com', 'it contains whitespace'],
    ['jane@acme\u00a0.com', 'it contains whitespace'],
    [' jane@acme.com', 'it has whitespace at the start or end'],
    ['jane@acme.com\n', 'it contains the control character U+000A'],
    ['jane\u0007@acme.com', 'it contains the control character U+0007'],
    ['jane@@acme.com', 'it has 2 "@" (an email address has one)'],
    ['a@b@acme.com', 'it has 2 "@" (an email address has one)'],
    ['@acme.com', 'nothing comes before the "@"'],
    ['jane@', 'nothing comes after the "@"'],
    ['jane@localhost', 'the domain "localhost" has no "."'],
    ['jane@acme..com', 'the domain "acme..com" has an empty label (a leading, trailing or double ".")'],
    ['jane@acme.com.', 'the domain "acme.com." has an empty label (a leading, trailing or double ".")'],
    ['.jane@acme.com', 'the part before the "@" starts or ends with "." or has ".."'],
    ['jane..doe@acme.com', 'the part before the "@" starts or ends with "." or has ".."'],
    ['Jane <jane@acme.com>', 'it contains whitespace'],
    ['jane,ann@acme.com', 'it contains ","'],
    ['"jane"@acme.com', 'it contains "\\""'],
    ['${file("/etc/hostname")}', 'it has no "@"'],
  ])('rejects %j: %s', (userName, reason) => {
    expect(userNameProblem(userName)).toBe(`${JSON.stringify(userName)} is not a valid userName: ${reason}; ${RULE}`);
    expect(isUserName(userName)).toBe(false);
  });

  test('userKey matches userNames ignoring case and surrounding whitespace', () => {
    expect(userKey(' Zoë@Example.COM ')).toBe('zoë@example.com');
    expect(userKey('ZOË@example.com')).toBe(userKey('zoë@EXAMPLE.com'));
  });
});

describe('the attribute key rule (Domo definitions: letters and digits only, case-sensitive)', () => {
  const RULE_KEYS = 'Domo attribute keys are letters and digits only (A-Z, a-z, 0-9), case-sensitive';

  test.each(['storeNumber', 'franchise', 'FS101', 'a', 'trainingCertified', '2024score'])('accepts %j', (key) => {
    expect(attributeKeyProblem(key)).toBeUndefined();
    expect(isAttributeKey(key)).toBe(true);
  });

  test.each<[string, string]>([
    ['store_number', 'it contains "_"; RULE, so use "storeNumber"'],
    ['store number', 'it contains a space; RULE, so use "storeNumber"'],
    ['store/number', 'it contains "/"; RULE, so use "storeNumber"'],
    ['Store-Number', 'it contains "-"; RULE, so use "StoreNumber"'],
    ['store.number_v2', 'it contains "." and "_"; RULE, so use "storeNumberV2"'],
    ['store\t', 'it contains U+0009; RULE, so use "store"'],
    ['größe', 'it contains "ö" and "ß"; RULE, e.g. storeNumber'],
    ['', 'it is empty; RULE, e.g. storeNumber'],
    ['store number/id', 'it contains a space and "/"; RULE, so use "storeNumberId"'],
  ])('rejects %j', (key, reason) => {
    expect(attributeKeyProblem(key)).toBe(`${JSON.stringify(key)} is not a valid attribute key: ${reason.replace('RULE', RULE_KEYS)}`);
    expect(isAttributeKey(key)).toBe(false);
  });
});
