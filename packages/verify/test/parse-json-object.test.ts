// The duplicate-name and depth scanner, checked with fast-check against a reference built from the keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countJsonMembers, TOO_DEEP } from '../src/count-json-members.js';
import { MAX_JSON_DEPTH, parseJsonObject } from '../src/parse-json-object.js';

/** Names that stress the scanner: quotes, backslashes, separators, brackets, non-ASCII, prototype names. */
const name = fc.constantFrom(
  'a',
  'b',
  'sub',
  'aud',
  '__proto__',
  'constructor',
  '"q',
  '\\',
  ':',
  '{[',
  '}]',
  ',',
  'é',
  '😀',
  '',
);
const whitespace = fc.constantFrom('', ' ', '\n', '\t ', '\r\n ');

/** A name written as JSON, either plainly or with every character escaped as \uXXXX. */
function encodeName(value: string, escaped: boolean): string {
  if (!escaped) return JSON.stringify(value);
  const units = Array.from({ length: value.length }, (_, i) =>
    value.charCodeAt(i).toString(16).padStart(4, '0'),
  );
  return `"${units.map((unit) => `\\u${unit}`).join('')}"`;
}

const member = fc.record({
  name,
  escaped: fc.boolean(),
  value: fc.jsonValue({ maxDepth: 3 }),
  before: whitespace,
  after: whitespace,
});

describe('parseJsonObject', () => {
  it('rejects exactly the objects that repeat a member name, however the names are spelled', () => {
    fc.assert(
      fc.property(fc.array(member, { maxLength: 8 }), whitespace, (members, outer) => {
        const text = `${outer}{${members
          .map(
            (m) =>
              `${m.before}${encodeName(m.name, m.escaped)}${m.after}:${m.after}${JSON.stringify(m.value)}${m.before}`,
          )
          .join(',')}}${outer}`;
        const names = members.map((m) => m.name);
        const hasDuplicate = new Set(names).size !== names.length;
        const parsed = parseJsonObject(text);
        if (hasDuplicate) expect(parsed).toBeUndefined();
        else expect(parsed).toEqual(JSON.parse(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('returns what JSON.parse returns for any object without duplicates', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })), (object) => {
        const text = JSON.stringify(object);
        expect(parseJsonObject(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects any JSON text whose top level is not an object', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 2 }), (value) => {
        fc.pre(typeof value !== 'object' || value === null || Array.isArray(value));
        expect(parseJsonObject(JSON.stringify(value))).toBeUndefined();
      }),
    );
  });

  it('rejects text that is not JSON', () => {
    for (const text of [
      '',
      '{',
      '{"a":1',
      '{"a":1}}',
      "{'a':1}",
      '{"a":1,}',
      '{"a"}',
      '{a:1}',
      '{"a":1} x',
    ]) {
      expect(parseJsonObject(text)).toBeUndefined();
    }
  });

  it(`accepts nesting up to depth ${MAX_JSON_DEPTH} and rejects deeper, counting objects and arrays alike`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_JSON_DEPTH + 8 }),
        fc.array(fc.boolean(), { minLength: 48, maxLength: 48 }),
        (depth, useArray) => {
          // depth 1 is the top-level object itself; inner levels alternate as chosen, with decoy brackets in strings.
          let inner = '"[{\\"}]"';
          for (let level = depth - 1; level >= 1; level--)
            inner = useArray[level] ? `[${inner}]` : `{"k":${inner}}`;
          const text = `{"x":"{{[[","v":${depth === 1 ? '1' : inner}}`;
          const expectedDepth = depth === 1 ? 1 : depth;
          const parsed = parseJsonObject(text);
          if (expectedDepth > MAX_JSON_DEPTH) expect(parsed).toBeUndefined();
          else expect(parsed).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('countJsonMembers', () => {
  it('counts the top-level members of any object JSON.stringify produces', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (object) => {
        expect(countJsonMembers(JSON.stringify(object), 64)).toBe(Object.keys(object).length);
      }),
      { numRuns: 1000 },
    );
  });

  it('reports TOO_DEEP as soon as the limit is passed', () => {
    expect(countJsonMembers('[[[1]]]', 2)).toBe(TOO_DEEP);
    expect(countJsonMembers('[[[1]]]', 3)).toBe(0);
    expect(countJsonMembers('{"a":"[[[[[[[["}', 1)).toBe(1);
  });

  it('treats a quote after an even number of backslashes as closing the string', () => {
    expect(countJsonMembers('{"a\\\\":1,"b\\\\\\"":2}', 4)).toBe(2);
    expect(JSON.parse('{"a\\\\":1,"b\\\\\\"":2}')).toEqual({ 'a\\': 1, 'b\\"': 2 });
  });
});
