import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  customAttributeOperation,
  customAttributesOf,
  ErrorBodySchema,
  GROUP_PATHS,
  listResponseSchema,
  memberOperations,
  ScimGroupSchema,
  ScimUserSchema,
} from '../../src/domo/scim';
import { ROOT } from '../support/roster';

/*
 * The client against the recorded Domo shapes that the local service's tests check it answers
 * with (packages/domo-scim-emulator/fixtures/recorded): read as files, not through the package,
 * so the library keeps no dependency on it.
 */

const RECORDED = join(ROOT, 'packages', 'domo-scim-emulator', 'fixtures', 'recorded');
const recorded = (name: string): unknown => JSON.parse(readFileSync(join(RECORDED, `${name}.json`), 'utf8'));

describe('the client schemas read the recorded responses', () => {
  it('a user with all four schemas and custom attributes', () => {
    const user = ScimUserSchema.parse(recorded('user'));
    expect(user).toMatchObject({
      id: '1234567',
      userName: 'jane.doe@acme.example',
      active: true,
      roles: [{ value: '3' }],
      emails: [{ type: 'work', primary: true }, { type: 'alternate' }],
      phoneNumbers: [{ type: 'mobile' }, { type: 'work' }],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Kitchen', manager: { value: '1234500' } },
      'urn:ietf:params:scim:schemas:extension:domo:2.0:User': { hireDate: '2024-03-04', employeeLocation: 'Store 101' },
    });
    expect(customAttributesOf(user)).toEqual({ offices: ['NY', 'CA'], storeNumber: ['101'] });
  });

  it('a ListResponse page', () => {
    const page = listResponseSchema(ScimUserSchema).parse(recorded('list-response'));
    expect(page).toMatchObject({ totalResults: 3, startIndex: 1, itemsPerPage: 2 });
    expect(page.Resources?.map((u) => u.userName)).toEqual(['jane.doe@acme.example', 'john.smith@acme.example']);
  });

  it('a group with the domo extension and members', () => {
    const group = ScimGroupSchema.parse(recorded('group'));
    expect(group).toMatchObject({
      id: '870112',
      displayName: 'Franchise - Gulf Coast Grill',
      members: [{ value: '1234567', display: 'jane.doe@acme.example' }, { value: '1234568' }],
      'urn:ietf:params:scim:schemas:extension:domo:2.0:Group': { domoDisplayName: 'Gulf Coast Grill' },
    });
  });

  it('a SCIM error body', () => {
    expect(ErrorBodySchema.parse(recorded('error'))).toMatchObject({
      scimType: 'invalidFilter',
      detail: 'Invalid filter: unexpected "and"',
    });
  });
});

describe('the client writes the recorded requests', () => {
  it('a custom-attribute PatchOp', () => {
    const [operation] = (recorded('patch-custom-attribute') as { Operations: unknown[] }).Operations;
    expect(customAttributeOperation('offices', ['NY', 'CA'])).toEqual(operation);
  });

  it('a group PatchOp: Replace a field, Remove and Add members', () => {
    const [replace, ...members] = (recorded('patch-group') as { Operations: Array<{ path: string }> }).Operations;
    expect(replace!.path).toBe(GROUP_PATHS.domoDisplayName);
    expect(memberOperations(['1234569'], ['1234568'])).toEqual([members]);
  });
});
