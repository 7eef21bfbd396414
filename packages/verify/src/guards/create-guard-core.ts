// The framework-neutral guards: each decides allow or deny for one request; adapters only do the I/O.

import type { AccessTokenClaims } from '../check-claims.js';
import type { Verifier } from '../create-verifier.js';
import { VerifyError } from '../errors.js';
import {
  conflictingCredentials,
  type Denial,
  guardFailed,
  insufficientPermission,
  insufficientRole,
  insufficientScope,
  insufficientTokenPermission,
  insufficientUserAuthentication,
  missingToken,
  otherOrganization,
  permissionUnavailable,
  rejectedToken,
} from './denials.js';

/** Asks the relationship engine whether `user` has `relation` on `object` (OpenFGA check semantics). */
export type PermissionCheck = (query: {
  readonly user: string;
  readonly relation: string;
  readonly object: string;
}) => boolean | Promise<boolean>;

export interface GuardOptions<R> {
  readonly verifier: Verifier;
  /** The realm of the RFC 6750 challenge; default "api". */
  readonly realm?: string;
  /**
   * The roles a request holds; default: the strings of the token's `roles` claim. Receives the request so
   * that roles can later depend on the organization a route addresses.
   */
  readonly rolesFrom?: (
    claims: AccessTokenClaims,
    request: R,
  ) => readonly string[] | Promise<readonly string[]>;
  /** Needed by requirePermission; throws or rejects when it cannot answer (then 503). */
  readonly check?: PermissionCheck;
  /** The clock for requireAcr's maxAge, in milliseconds since the epoch; default Date.now. For tests. */
  readonly now?: () => number;
}

/** requireAcr's option: the largest age in seconds of the authentication (`auth_time`) the route accepts. */
export interface AcrOptions {
  readonly maxAge?: number;
}

/** ACR values, optionally followed by `{ maxAge }`. */
export type AcrValuesAndOptions = string[] | [...values: string[], options: AcrOptions];

/**
 * The organization a route is about, for requireRole and requireTokenPermission: the token's `org_id` must be its id.
 * A token for another organization, or for none, is 403 (the cross-tenant IDOR); a function that throws is 500.
 * Without it the route is a global one: only a token without `org_id` (global roles and permissions) passes, and a
 * token for an organization is 403 `wrong_organization`, so an organization's admin is never a platform admin.
 */
export interface OrganizationOption<R> {
  readonly org?: (request: R) => string | undefined | Promise<string | undefined>;
}

/** Names (roles or permissions), optionally followed by the organization option. */
export type NamesAndOrganization<R> = string[] | [...names: string[], options: OrganizationOption<R>];

export type GuardResult =
  | { readonly allowed: true; readonly claims: AccessTokenClaims }
  | { readonly allowed: false; readonly denial: Denial };

/** One guard, for request objects of type R (the value adapters key per-request state on). */
export type Guard<R> = (request: R, authorization: string | undefined) => Promise<GuardResult>;

/** The four guards, each as a handler of type H: a Guard in the core, a framework's middleware in an adapter. */
export interface Guards<R, H> {
  /** 401 unless the request carries a valid access token (optionally: one introspection says is active). */
  requireAuth(options?: { readonly checkRevocation?: boolean }): H;
  /** 403 unless the token grants every one of `scopes`. Authenticates first if needed. */
  requireScope(...scopes: string[]): H;
  /**
   * 403 unless the request holds at least one of `roles`; with `{ org }` last, only in a token for that
   * organization. Without `{ org }` only global roles count: a token for an organization (one with `org_id`) is
   * 403 `wrong_organization`, whatever roles it holds there. Authenticates first if needed.
   */
  requireRole(...roles: NamesAndOrganization<R>): H;
  /**
   * 403 unless the token's `permissions` claim (flat `resource:action` strings, checked locally, no network call)
   * holds every one of `permissions`; with `{ org }` last, only in a token for that organization. Without `{ org }`
   * only global permissions count: a token for an organization (one with `org_id`) is 403 `wrong_organization`.
   * Authenticates first if needed. For relationships (ReBAC) ask the engine with requirePermission instead.
   */
  requireTokenPermission(...permissions: NamesAndOrganization<R>): H;
  /** 403 unless `check` says user:<sub> has `relation` on <objectType>:<id>; 503 if it cannot answer. */
  requirePermission(
    relation: string,
    objectType: string,
    objectId: (request: R) => string | undefined | Promise<string | undefined>,
  ): H;
  /**
   * RFC 9470 step-up: 401 `insufficient_user_authentication`, with the `acr_values` (and `max_age`) to ask the
   * authorization server for, unless the token's `acr` is one of `values` and, with `{ maxAge }` last, its
   * `auth_time` is at most maxAge seconds old. Authenticates first if needed.
   */
  requireAcr(...valuesAndOptions: AcrValuesAndOptions): H;
}

export type GuardCore<R extends object> = Guards<R, Guard<R>>;

// RFC 6749 §3.3 scope-token and RFC 7235 quoted-string content without quote or backslash.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const REALM = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;
const NAME = /^[^\s:#@]{1,254}$/;
const OBJECT_ID = /^[^\s#]{1,256}$/;
// RFC 9470 §3: acr_values is a space-separated list in a quoted-string, so a value holds neither.
const ACR_VALUE = /^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/;
// RFC 6750 §2.1: the scheme is case-insensitive; b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const BEARER = /^bearer +([^\s]+) *$/i;

/** Guards over `options.verifier`; every option and guard argument is validated here, not per request. */
export function createGuardCore<R extends object>(options: GuardOptions<R>): GuardCore<R> {
  const { verifier, rolesFrom = defaultRoles, check, now = Date.now } = options;
  const realm = options.realm ?? 'api';
  if (typeof verifier?.verify !== 'function') invalid('verifier must come from createVerifier');
  if (!REALM.test(realm)) invalid('realm must be printable ASCII without quotes or backslashes');
  if (typeof rolesFrom !== 'function') invalid('rolesFrom must be a function');
  if (check !== undefined && typeof check !== 'function') invalid('check must be a function');
  if (typeof now !== 'function') invalid('now must be a function returning milliseconds');
  const authenticated = new WeakMap<R, AccessTokenClaims>();

  const authenticate = async (request: R, authorization: string | undefined, checkRevocation: boolean) => {
    // A token never holds a comma (RFC 6750 §2.1 b64token), so one means several credentials (see
    // authorization-header.ts): refused rather than picking one.
    if (authorization?.includes(',')) return denied(conflictingCredentials(realm));
    const token = typeof authorization === 'string' ? BEARER.exec(authorization)?.[1] : undefined;
    if (token === undefined) return denied(missingToken(realm));
    try {
      const { claims } = await verifier.verify(token, { checkRevocation });
      authenticated.set(request, claims);
      return { allowed: true as const, claims };
    } catch (error) {
      return denied(rejectedToken(realm, error instanceof VerifyError ? error.code : undefined));
    }
  };

  /** The claims an earlier guard verified for this request, or a fresh verification. */
  const claimsOf = (request: R, authorization: string | undefined): Promise<GuardResult> => {
    const claims = authenticated.get(request);
    return claims !== undefined
      ? Promise.resolve({ allowed: true, claims })
      : authenticate(request, authorization, false);
  };

  return {
    requireAuth(authOptions = {}) {
      const checkRevocation = authOptions.checkRevocation === true;
      if (checkRevocation && !verifier.canCheckRevocation) {
        invalid('checkRevocation needs a verifier created with the introspection option');
      }
      return (request, authorization) => authenticate(request, authorization, checkRevocation);
    },

    requireScope(...scopes) {
      if (scopes.length === 0 || !scopes.every((scope) => SCOPE_TOKEN.test(scope))) {
        invalid('requireScope needs one or more scope tokens (RFC 6749 §3.3)');
      }
      const denial = insufficientScope(realm, scopes);
      return async (request, authorization) => {
        const result = await claimsOf(request, authorization);
        if (!result.allowed) return result;
        const granted = typeof result.claims.scope === 'string' ? result.claims.scope.split(' ') : [];
        return scopes.every((scope) => granted.includes(scope)) ? result : denied(denial);
      };
    },

    requireRole(...rolesAndOrganization) {
      const { names: roles, org } = namesAndOrganization('requireRole', 'role names', rolesAndOrganization);
      return async (request, authorization) => {
        const result = await claimsOf(request, authorization);
        if (!result.allowed) return result;
        const refusal = await organizationRefusal(org, request, result.claims);
        if (refusal) return denied(refusal);
        let held: readonly string[];
        try {
          held = await rolesFrom(result.claims, request);
        } catch {
          return denied(permissionUnavailable());
        }
        return Array.isArray(held) && roles.some((role) => held.includes(role))
          ? result
          : denied(insufficientRole());
      };
    },

    requireTokenPermission(...permissionsAndOrganization) {
      const { names: permissions, org } = namesAndOrganization(
        'requireTokenPermission',
        'permissions',
        permissionsAndOrganization,
      );
      const denial = insufficientTokenPermission(permissions);
      return async (request, authorization) => {
        const result = await claimsOf(request, authorization);
        if (!result.allowed) return result;
        const refusal = await organizationRefusal(org, request, result.claims);
        if (refusal) return denied(refusal);
        const held = stringsOf(result.claims.permissions);
        return permissions.every((permission) => held.includes(permission)) ? result : denied(denial);
      };
    },

    requirePermission(relation, objectType, objectId) {
      if (check === undefined) invalid('requirePermission needs the check option');
      if (!NAME.test(relation) || !NAME.test(objectType))
        invalid('relation and objectType must be plain names');
      if (typeof objectId !== 'function') invalid('objectId must be a function of the request');
      return async (request, authorization) => {
        const result = await claimsOf(request, authorization);
        if (!result.allowed) return result;
        const { sub } = result.claims;
        let id: string | undefined;
        try {
          id = await objectId(request);
        } catch {
          return denied(guardFailed());
        }
        if (typeof sub !== 'string' || sub === '' || typeof id !== 'string' || !OBJECT_ID.test(id)) {
          return denied(insufficientPermission());
        }
        let allowed: unknown;
        try {
          allowed = await check({ user: `user:${sub}`, relation, object: `${objectType}:${id}` });
        } catch {
          return denied(permissionUnavailable());
        }
        // Only an explicit true allows: anything else a broken checker returns is a refusal.
        return allowed === true ? result : denied(insufficientPermission());
      };
    },

    requireAcr(...valuesAndOptions) {
      const last = valuesAndOptions.at(-1);
      const acrOptions = typeof last === 'object' && last !== null ? last : undefined;
      const values = (
        acrOptions === undefined ? valuesAndOptions : valuesAndOptions.slice(0, -1)
      ) as unknown[];
      if (
        values.length === 0 ||
        !values.every((value) => typeof value === 'string' && ACR_VALUE.test(value))
      ) {
        invalid('requireAcr needs one or more ACR values, optionally followed by { maxAge }');
      }
      const maxAge = acrOptions?.maxAge;
      if (maxAge !== undefined && !(Number.isSafeInteger(maxAge) && maxAge >= 0)) {
        invalid('requireAcr maxAge must be a whole number of seconds');
      }
      const acrValues = values as string[];
      const levelTooLow = insufficientUserAuthentication(realm, 'level', acrValues, maxAge);
      const tooOld = insufficientUserAuthentication(realm, 'age', acrValues, maxAge);
      return async (request, authorization) => {
        const result = await claimsOf(request, authorization);
        if (!result.allowed) return result;
        const { acr, auth_time: authTime } = result.claims;
        if (typeof acr !== 'string' || !acrValues.includes(acr)) return denied(levelTooLow);
        if (maxAge !== undefined) {
          // Without a numeric auth_time the age is unknown, so too old.
          const age = Math.floor(now() / 1000) - (typeof authTime === 'number' ? authTime : Number.NaN);
          if (!(age <= maxAge)) return denied(tooOld);
        }
        return result;
      };
    },
  };
}

function defaultRoles(claims: AccessTokenClaims): readonly string[] {
  return stringsOf(claims.roles);
}

/** The strings of a claim that should be an array of strings; nothing for anything else. */
function stringsOf(claim: unknown): readonly string[] {
  return Array.isArray(claim) ? claim.filter((value): value is string => typeof value === 'string') : [];
}

/** The names a guard was given and its organization option, validated once, when the guard is made. */
function namesAndOrganization<R>(
  guard: string,
  what: string,
  args: readonly (string | OrganizationOption<R>)[],
): { names: string[]; org: OrganizationOption<R>['org'] } {
  const last = args.at(-1);
  const options = typeof last === 'object' && last !== null ? last : undefined;
  const names = options === undefined ? args : args.slice(0, -1);
  if (names.length === 0 || !names.every((name) => typeof name === 'string' && name.length > 0)) {
    invalid(`${guard} needs one or more ${what}, optionally followed by { org }`);
  }
  if (options?.org !== undefined && typeof options.org !== 'function') {
    invalid(`${guard}'s org must be a function of the request returning the organization id`);
  }
  return { names: names as string[], org: options?.org };
}

/**
 * Why a token may not act on the route's organization (a token for another one, or for none), or undefined when it
 * may. A route that names no organization is global: a token for an organization may not act there (its roles and
 * permissions are that organization's, not global ones). The application's own function failing is guardFailed
 * (500), failing closed.
 */
async function organizationRefusal<R>(
  org: OrganizationOption<R>['org'],
  request: R,
  claims: AccessTokenClaims,
): Promise<Denial | undefined> {
  if (org === undefined) return claims.org_id === undefined ? undefined : otherOrganization();
  let id: string | undefined;
  try {
    id = await org(request);
  } catch {
    return guardFailed();
  }
  const tokenOrganization = claims.org_id;
  return typeof id === 'string' && id !== '' && tokenOrganization === id ? undefined : otherOrganization();
}

function denied(denial: Denial): GuardResult {
  return { allowed: false, denial };
}

function invalid(message: string): never {
  throw new VerifyError('ERR_INVALID_OPTIONS', message);
}

/** A framework's guards: those of the core, each turned into the framework's handler by `adapt`. */
export function adaptGuards<R extends object, H>(
  options: GuardOptions<R>,
  adapt: (guard: Guard<R>) => H,
): Guards<R, H> {
  const core = createGuardCore<R>(options);
  return {
    requireAuth: (authOptions) => adapt(core.requireAuth(authOptions)),
    requireScope: (...scopes) => adapt(core.requireScope(...scopes)),
    requireRole: (...roles) => adapt(core.requireRole(...roles)),
    requireTokenPermission: (...permissions) => adapt(core.requireTokenPermission(...permissions)),
    requirePermission: (relation, objectType, objectId) =>
      adapt(core.requirePermission(relation, objectType, objectId)),
    requireAcr: (...valuesAndOptions) => adapt(core.requireAcr(...valuesAndOptions)),
  };
}
