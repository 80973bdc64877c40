import { Testing, TerraformStack } from 'cdktf';
import { DomoDirectoryGroups, type DomoDirectoryGroupsProps } from '../../src';

const scim = { url: 'https://acme.domo.com/api/identity/v1/scim' };

function make(props: Partial<DomoDirectoryGroupsProps>) {
  const stack = new TerraformStack(Testing.app(), 'test');
  return () => new DomoDirectoryGroups(stack, 'Groups', { scim, groups: [], ...props });
}

describe('DomoDirectoryGroups errors', () => {
  it('rejects group names that differ only by case', () => {
    expect(
      make({
        groups: [
          { displayName: 'Sales', members: [] },
          { displayName: 'SALES ', members: [] },
        ],
      }),
    ).toThrow(
      'DomoDirectoryGroups "test/Groups": groups "Sales" and "SALES" are the same directory group (displayName matches case-insensitively). Keep one.',
    );
  });

  it('rejects empty names and empty optional fields', () => {
    expect(make({ groups: [{ displayName: '', members: [] }] })).toThrow(
      'DomoDirectoryGroups "test/Groups": group #1 has an empty displayName; every directory group needs a name.',
    );
    expect(make({ groups: [{ displayName: 'A', description: ' ', members: [] }] })).toThrow(
      `DomoDirectoryGroups "test/Groups": group "A" has an empty description; leave it out to keep Domo's value.`,
    );
  });

  it('names the group and the position of an empty or blank member', () => {
    expect(make({ groups: [{ displayName: 'A', members: ['jane@x.com', ''] }] })).toThrow(
      'DomoDirectoryGroups "test/Groups": group "A" has an empty member (#2 of its members); remove it or give the userName.',
    );
    expect(make({ groups: [{ displayName: 'A', members: ['  '] }] })).toThrow(
      'DomoDirectoryGroups "test/Groups": group "A" has an empty member (#1 of its members); remove it or give the userName.',
    );
  });

  it('names the group and the member for bad, duplicate and unknown members', () => {
    expect(make({ groups: [{ displayName: 'A', members: ['jane doe'] }] })).toThrow(
      'DomoDirectoryGroups "test/Groups": group "A": member "jane doe" is not a valid userName: it contains whitespace; ' +
        "a Domo userName is the user's email address, e.g. jane@acme.com.",
    );
    expect(make({ groups: [{ displayName: 'A', members: ['jane@x'] }] })).toThrow(
      'DomoDirectoryGroups "test/Groups": group "A": member "jane@x" is not a valid userName: the domain "x" has no "."; ' +
        "a Domo userName is the user's email address, e.g. jane@acme.com.",
    );
    expect(make({ groups: [{ displayName: 'A', members: ['jane@x.com', 'Jane@X.com'] }] })).toThrow(
      'DomoDirectoryGroups "test/Groups": group "A" lists member "Jane@X.com" twice (as "jane@x.com" too; userNames match case-insensitively).',
    );
    expect(make({ groups: [{ displayName: 'A', members: ['zed@x.com'] }], knownUsers: ['jane@x.com'] })).toThrow(
      'DomoDirectoryGroups "test/Groups": group "A" has member "zed@x.com", who is not in the user list (knownUsers). Add the user to the dataset or drop the member.',
    );
  });
});
