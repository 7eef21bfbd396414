// Models: the DSL and JSON forms compile to the same graph; invalid models are refused with OpenFGA's codes.
import { describe, expect, it } from 'vitest';
import { compileModelDsl, compileModelJson, isRebacError, parseModelDsl } from '../src/index.js';

const DOCUMENTS = `model
  schema 1.1
type user
type group
  relations
    define member: [user, group#member]
type folder
  relations
    define owner: [group#member]
    define parent: [folder]
    define viewer: [user, user:*] or owner or viewer from parent
type document
  relations
    define parent: [folder]
    define blocked: [user]
    define viewer: ([user with in_office] or viewer from parent) but not blocked
condition in_office(ip: ipaddress) {
  ip.in_cidr("10.0.0.0/8")
}
`;

function codeOf(run: () => unknown): number | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return isRebacError(error) ? error.code : -1;
  }
}

describe('compiling a model', () => {
  it('gives each model version a ULID id, different every time', () => {
    const first = compileModelDsl(DOCUMENTS);
    const second = compileModelDsl(DOCUMENTS);
    expect(first.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(second.id > first.id).toBe(true);
  });

  it('compiles the JSON form of a DSL model to the same relations', () => {
    const fromJson = compileModelJson(parseModelDsl(DOCUMENTS));
    expect(fromJson.relation('document', 'viewer')?.rewrite).toEqual(
      compileModelDsl(DOCUMENTS).relation('document', 'viewer')?.rewrite,
    );
  });

  it('knows which user types can reach a relation, through usersets and parents, never through a subtract', () => {
    const model = compileModelDsl(DOCUMENTS);
    const reachable = model.reachableUserTypes('document', 'viewer');
    expect(reachable.has('user')).toBe(true);
    expect(reachable.has('user:*')).toBe(true);
    expect(reachable.has('group#member')).toBe(true);
    expect([...model.reachableUserTypes('document', 'blocked')]).toEqual(['document#blocked', 'user']);
  });

  it('marks recursive relations (nested groups, folder trees) and only those', () => {
    const model = compileModelDsl(DOCUMENTS);
    expect(model.isRecursive('group', 'member')).toBe(true);
    expect(model.isRecursive('folder', 'viewer')).toBe(true);
    expect(model.isRecursive('document', 'viewer')).toBe(false);
  });

  it('gives a userset closure (resolvable from the user side) only to purely direct relations without conditions', () => {
    const model = compileModelDsl(`model
  schema 1.1
type user
type team
  relations
    define member: [user, user:*, team#member]
type org
  relations
    define team: [team#member]
    define member: [user] or team
    define guest: [user with in_office]
    define via_guest: [org#guest]
condition in_office(ip: ipaddress) {
  ip.in_cidr("10.0.0.0/8")
}
`);
    const names = (type: string, relation: string) =>
      model.usersetClosure(type, relation)?.map((info) => `${info.type}#${info.name}`);
    expect(names('team', 'member')).toEqual(['team#member']);
    expect(names('org', 'team')).toEqual(['org#team', 'team#member']);
    // A rewrite, a condition, or a userset of a relation that has either, is walked forward.
    expect(names('org', 'member')).toBeUndefined();
    expect(names('org', 'guest')).toBeUndefined();
    expect(names('org', 'via_guest')).toBeUndefined();
  });

  it('refuses DSL that does not parse with 2056', () => {
    expect(
      codeOf(() => compileModelDsl('model\n  schema 1.1\ntype user\n  relations\n    define x: [user')),
    ).toBe(2056);
  });

  it('refuses a tuple-to-userset through a relation the parent lacks with 2056', () => {
    expect(
      codeOf(() => compileModelDsl(DOCUMENTS.replace('viewer from parent)', 'editor from parent)'))),
    ).toBe(2056);
  });

  it('refuses an undefined type in a restriction with 2056', () => {
    expect(
      codeOf(() => compileModelDsl(DOCUMENTS.replace('define blocked: [user]', 'define blocked: [robot]'))),
    ).toBe(2056);
  });

  it('refuses a condition that is not a bool, or that uses an undeclared parameter, with 2056', () => {
    expect(codeOf(() => compileModelDsl(DOCUMENTS.replace('ip.in_cidr("10.0.0.0/8")', '"text"')))).toBe(2056);
    expect(codeOf(() => compileModelDsl(DOCUMENTS.replace('ip.in_cidr("10.0.0.0/8")', 'other > 1')))).toBe(
      2056,
    );
  });

  it('accepts a condition defined but never used, as OpenFGA does, and refuses one named but not defined with 2056', () => {
    const json = parseModelDsl(DOCUMENTS);
    const unused = {
      ...json,
      conditions: { ...json.conditions, spare: { name: 'spare', expression: 'true' } },
    };
    expect(compileModelJson(unused).condition('spare')).toBeDefined();
    expect(
      codeOf(() => compileModelDsl(`${DOCUMENTS}condition spare(x: int) {\n  x < 1\n}\n`)),
    ).toBeUndefined();
    expect(codeOf(() => compileModelJson({ ...json, conditions: {} }))).toBe(2056);
  });

  it('refuses schema 1.0 with 2057 and a JSON body without type definitions with 2056', () => {
    const json = parseModelDsl(DOCUMENTS);
    expect(codeOf(() => compileModelJson({ ...json, schema_version: '1.0' }))).toBe(2057);
    expect(codeOf(() => compileModelJson({ schema_version: '1.1' } as never))).toBe(2056);
  });
});
