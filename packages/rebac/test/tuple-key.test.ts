// Tuple keys: OpenFGA's grammar for objects and users, and validation against a model.
import { describe, expect, it } from 'vitest';
import {
  compileModelDsl,
  isRebacError,
  parseObject,
  parseUser,
  userTypeReference,
  validateTupleForWrite,
} from '../src/index.js';

describe('parsing tuple fields', () => {
  it('reads objects, wildcards and usersets', () => {
    expect(parseObject('document:1')).toEqual({ type: 'document', id: '1' });
    expect(parseUser('user:anne')).toEqual({ kind: 'object', type: 'user', id: 'anne' });
    expect(parseUser('user:*')).toEqual({ kind: 'wildcard', type: 'user' });
    expect(parseUser('group:eng#member')).toEqual({
      kind: 'userset',
      type: 'group',
      id: 'eng',
      relation: 'member',
    });
  });

  it('names the type reference a restriction would use', () => {
    expect(
      ['user:anne', 'user:*', 'group:eng#member'].map((u) => userTypeReference(parseUser(u) as never)),
    ).toEqual(['user', 'user:*', 'group#member']);
  });

  it('refuses malformed fields', () => {
    for (const object of ['document', ':1', 'document:', 'document:1#viewer', 'document:*', 'doc ument:1']) {
      expect(parseObject(object)).toBeUndefined();
    }
    for (const user of ['anne', 'user:', 'group:eng#', '#member', 'group:*#member', 'user:a:b']) {
      expect(parseUser(user)).toBeUndefined();
    }
  });
});

describe('validating a tuple for a write', () => {
  const model = compileModelDsl(`model
  schema 1.1
type user
type group
  relations
    define member: [user]
type document
  relations
    define parent: [group]
    define viewer: [user, group#member, user with weekday]
    define member_view: member from parent
condition weekday(day: string) {
  day != "sunday"
}
`);
  const codeOf = (key: { object: string; relation: string; user: string; condition?: { name: string } }) => {
    try {
      validateTupleForWrite(model, key);
      return 0;
    } catch (error) {
      return isRebacError(error) ? error.code : -1;
    }
  };

  it('accepts what the type restrictions allow, with and without the condition', () => {
    expect(codeOf({ object: 'document:1', relation: 'viewer', user: 'user:anne' })).toBe(0);
    expect(codeOf({ object: 'document:1', relation: 'viewer', user: 'group:eng#member' })).toBe(0);
    expect(
      codeOf({ object: 'document:1', relation: 'viewer', user: 'user:anne', condition: { name: 'weekday' } }),
    ).toBe(0);
  });

  it('refuses unknown types and relations, and users the restrictions do not allow, with 2027', () => {
    expect(codeOf({ object: 'folder:1', relation: 'viewer', user: 'user:anne' })).toBe(2027);
    expect(codeOf({ object: 'document:1', relation: 'owner', user: 'user:anne' })).toBe(2027);
    expect(codeOf({ object: 'document:1', relation: 'viewer', user: 'user:*' })).toBe(2027);
    expect(codeOf({ object: 'document:1', relation: 'viewer', user: 'robot:r2' })).toBe(2027);
    expect(codeOf({ object: 'document:1', relation: 'parent', user: 'group:eng#member' })).toBe(2027);
  });

  it('refuses an unknown condition, or one the restriction does not name, with 2000', () => {
    expect(
      codeOf({ object: 'document:1', relation: 'viewer', user: 'user:anne', condition: { name: 'nope' } }),
    ).toBe(2000);
    expect(
      codeOf({
        object: 'document:1',
        relation: 'viewer',
        user: 'group:eng#member',
        condition: { name: 'weekday' },
      }),
    ).toBe(2000);
  });
});
