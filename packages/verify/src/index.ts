// Public API of @tessera/verify: verify Tessera access tokens and guard routes with 401/403.

export type { Algorithm } from './algorithms.js';
export { SUPPORTED_ALGORITHMS } from './algorithms.js';
export type { AccessTokenClaims } from './check-claims.js';
export type { ClientPrivateKey } from './client-assertion.js';
export { createTesseraCheck, type TesseraCheckOptions } from './create-tessera-check.js';
export type { VerifiedToken, Verifier, VerifyOptions } from './create-verifier.js';
export { createVerifier } from './create-verifier.js';
export type { VerifyErrorCode } from './errors.js';
export { isVerifyError, VerifyError } from './errors.js';
export type { FetchFunction } from './fetch-json.js';
export type { PermissionCheck } from './guards/create-guard-core.js';
export type { JoseHeader } from './parse-jose-header.js';
export type { IntrospectionOptions, VerifierOptions } from './verifier-options.js';
