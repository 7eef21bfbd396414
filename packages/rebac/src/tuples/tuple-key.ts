// Tuple keys (`document:1#viewer@user:anne`) and the parsing of their object and user fields, OpenFGA's grammar.
import { invalidTuple, invalidUser, validationError } from '../errors.js';

/** A condition attached to a written tuple: its name in the model and the tuple's own parameter values. */
export interface RelationshipCondition {
  readonly name: string;
  readonly context?: Readonly<Record<string, unknown>>;
}

/** One relationship: `user` has `relation` on `object`, optionally only when `condition` holds. */
export interface TupleKey {
  readonly object: string;
  readonly relation: string;
  readonly user: string;
  readonly condition?: RelationshipCondition;
}

/** A tuple as stored: its key and when it was written. */
export interface StoredTuple {
  readonly key: TupleKey;
  readonly timestamp: Date;
}

/** `type:id`. */
export interface ObjectRef {
  readonly type: string;
  readonly id: string;
}

/** The user field: an object (`user:anne`), a public wildcard (`user:*`) or a userset (`group:eng#member`). */
export type UserRef =
  | { readonly kind: 'object'; readonly type: string; readonly id: string }
  | { readonly kind: 'wildcard'; readonly type: string }
  | { readonly kind: 'userset'; readonly type: string; readonly id: string; readonly relation: string };

const MAX_OBJECT_LENGTH = 256;
const MAX_USER_LENGTH = 512;
const NAME = /^[^:#@\s]{1,254}$/;

/** Parses `type:id` strictly (no `#`, no wildcard id), or returns undefined. */
export function parseObject(object: string): ObjectRef | undefined {
  if (object.length === 0 || object.length > MAX_OBJECT_LENGTH) return undefined;
  const colon = object.indexOf(':');
  if (colon <= 0 || colon === object.length - 1) return undefined;
  const type = object.slice(0, colon);
  const id = object.slice(colon + 1);
  if (!NAME.test(type) || id.includes('#') || id.includes(':') || /\s/.test(id) || id === '*')
    return undefined;
  return { type, id };
}

/** Parses a user field, or returns undefined when it is none of the three shapes. */
export function parseUser(user: string): UserRef | undefined {
  if (user.length === 0 || user.length > MAX_USER_LENGTH) return undefined;
  const hash = user.indexOf('#');
  if (hash >= 0) {
    const relation = user.slice(hash + 1);
    const object = parseObject(user.slice(0, hash));
    if (!object || !isRelationName(relation)) return undefined;
    return { kind: 'userset', type: object.type, id: object.id, relation };
  }
  const colon = user.indexOf(':');
  if (colon <= 0) return undefined;
  const type = user.slice(0, colon);
  const id = user.slice(colon + 1);
  if (id === '*') return NAME.test(type) ? { kind: 'wildcard', type } : undefined;
  const object = parseObject(user);
  return object ? { kind: 'object', type: object.type, id: object.id } : undefined;
}

export function isRelationName(relation: string): boolean {
  return /^[^:#@\s]{1,50}$/.test(relation);
}

/** Parses the user of a request (Check, ListObjects), raising 2025 invalid_user for a malformed one. */
export function parseRequestUser(user: string): UserRef {
  const parsed = parseUser(user);
  if (!parsed) throw invalidUser(user);
  return parsed;
}

/** Parses the object of a request, raising 2000 validation_error for a malformed one. */
export function parseRequestObject(object: string): ObjectRef {
  const parsed = parseObject(object);
  if (!parsed) throw validationError(`invalid 'object' field format: '${object}'`);
  return parsed;
}

/** Checks the syntax of a tuple key (not yet against a model), raising 2027 invalid_tuple. */
export function assertWellFormedTupleKey(key: TupleKey): { object: ObjectRef; user: UserRef } {
  const object = parseObject(key.object);
  if (!object) throw invalidTuple(`invalid 'object' field format: '${key.object}'`);
  if (!isRelationName(key.relation)) throw invalidTuple(`invalid 'relation' field: '${key.relation}'`);
  const user = parseUser(key.user);
  if (!user) throw invalidTuple(`invalid 'user' field format: '${key.user}'`);
  return { object, user };
}

export function userToString(user: UserRef): string {
  switch (user.kind) {
    case 'object':
      return `${user.type}:${user.id}`;
    case 'wildcard':
      return `${user.type}:*`;
    case 'userset':
      return `${user.type}:${user.id}#${user.relation}`;
  }
}

/** The user's type as type restrictions name it: `user`, `user:*` or `group#member`. */
export function userTypeReference(user: UserRef): string {
  switch (user.kind) {
    case 'object':
      return user.type;
    case 'wildcard':
      return `${user.type}:*`;
    case 'userset':
      return `${user.type}#${user.relation}`;
  }
}

/** `object#relation@user`: the identity of a tuple (its condition is not part of it). */
export function tupleKeyToString(key: { object: string; relation: string; user: string }): string {
  return `${key.object}#${key.relation}@${key.user}`;
}

/** The type of `type:id` or of `type:id#relation` without parsing further. */
export function typeOf(objectOrUser: string): string {
  const colon = objectOrUser.indexOf(':');
  return colon < 0 ? objectOrUser : objectOrUser.slice(0, colon);
}
