// Typed configuration read from the environment and validated once, when `serve` or any CLI command starts; every
// command but serve and migrate finds the data dir in the working directory or above.

import { existsSync, lstatSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { FGA_DATASTORES, type FgaDatastore } from '../authz/fga/fga-data-stores.js';
import { hasOpaqueSecretShape } from '../crypto/opaque-secret.js';
import { ConfigError } from './config-error.js';
import { isHttpsOrLoopbackHttp } from './loopback-hosts.js';
import { MASTER_KEY_FILE } from './master-key.js';

export type SigningAlgorithm = 'RS256' | 'ES256' | 'EdDSA';
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['RS256', 'ES256', 'EdDSA'];
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** Where outgoing mail (password-reset, set-password and sign-up links) goes. */
export interface MailConfig {
  /** smtp:// (STARTTLS) or smtps:// (TLS) URL, credentials included; a secret, never logged. */
  smtpUrl: string;
  /** The From header, e.g. `Example Login <no-reply@example.com>`. */
  from: string;
}

export interface Config {
  port: number;
  host: string;
  issuer: string;
  dataDir: string;
  database: DatabaseConfig;
  /** 32 bytes, or undefined when the key is to be read from (or generated into) the data dir. */
  masterKey: Buffer | undefined;
  /**
   * The signing algorithm `serve` sets in the database (a switch by key rollover when it differs); undefined when
   * TESSERA_SIGNING_ALG is not set, which keeps the database's (RS256 for new keys).
   */
  signingAlg: SigningAlgorithm | undefined;
  /** Seconds between automatic signing-key rotations. */
  keyRotationIntervalSeconds: number;
  logLevel: LogLevel;
  development: boolean;
  /** Whether people may create their own accounts on the sign-up page. */
  signUpEnabled: boolean;
  /** Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed (client address for throttling). */
  trustedProxies: string[];
  /** Outgoing mail; undefined when TESSERA_SMTP_URL is not set, which turns password reset and sign-up by email off. */
  mail: MailConfig | undefined;
  /**
   * Where `serve` keeps the relationship engine's stores, models, tuples and assertions (TESSERA_FGA_DATASTORE):
   * `sql`, the database (the default), or `memory`, the serving process, for development and tests only (lost on
   * restart, one instance).
   */
  fgaDatastore: FgaDatastore;
}

export type Env = Record<string, string | undefined>;

/** Reads and validates every variable; throws ConfigError naming the first bad one. */
export function loadConfig(
  env: Env = process.env,
  cwd = process.cwd(),
  /** Whether to look for the data dir in parent directories (every command but serve and migrate). */
  lookUpDataDir = true,
): Config {
  const port = parsePort(env.PORT);
  const host = nonEmpty(env, 'HOST') ?? '127.0.0.1';
  const issuer = parseIssuer(env.TESSERA_ISSUER ?? `http://localhost:${port}`);
  const defaultDataDir = lookUpDataDir ? findDataDir(cwd) : join(resolve(cwd), DATA_DIR_NAME);
  const dataDir = resolve(cwd, nonEmpty(env, 'TESSERA_DATA_DIR') ?? defaultDataDir);
  const database = parseDatabase(env.DATABASE_URL, dataDir, cwd);
  const masterKey = parseMasterKey(env.TESSERA_MASTER_KEY);
  const signingAlg = oneOf(env, 'TESSERA_SIGNING_ALG', SIGNING_ALGORITHMS, undefined);
  const keyRotationIntervalSeconds = parseDays(env, 'TESSERA_KEY_ROTATION_DAYS', 90) * 86_400;
  const logLevel = oneOf(env, 'TESSERA_LOG_LEVEL', LOG_LEVELS, 'info');
  const development = env.NODE_ENV === 'development';
  const trustedProxies = parseProxies(env.TESSERA_TRUSTED_PROXIES);
  const signUpEnabled = oneOf(env, 'TESSERA_SIGNUP_ENABLED', ['true', 'false'] as const, 'false') === 'true';
  const mail = parseMail(env, issuer);
  const fgaDatastore = oneOf(env, 'TESSERA_FGA_DATASTORE', FGA_DATASTORES, 'sql');
  return {
    port,
    host,
    issuer,
    dataDir,
    database,
    masterKey,
    signingAlg,
    keyRotationIntervalSeconds,
    logLevel,
    development,
    signUpEnabled,
    trustedProxies,
    mail,
    fgaDatastore,
  };
}

/** The default data dir's name, made by `serve` and `migrate` in the directory they start in. */
export const DATA_DIR_NAME = '.tessera';
/** The SQLite file in the data dir when DATABASE_URL is not set. */
const SQLITE_FILE_NAME = 'tessera.db';

/**
 * Without TESSERA_DATA_DIR: the nearest `.tessera` holding a database or master key in `cwd` or above (as git finds
 * `.git`), so a command run from a subdirectory of where the server started finds the server's data; else
 * `./.tessera`. Like git's safe.directory, the search never leaves directories this user owns, and takes only a
 * data dir of this user's that no one else may write to (not a symbolic link), so another user's `/tmp/.tessera`
 * is never picked up.
 */
function findDataDir(cwd: string): string {
  const uid = process.getuid?.();
  for (let dir = resolve(cwd); ownedBy(dir, uid); dir = dirname(dir)) {
    const candidate = join(dir, DATA_DIR_NAME);
    const holdsData =
      existsSync(join(candidate, SQLITE_FILE_NAME)) || existsSync(join(candidate, MASTER_KEY_FILE));
    if (holdsData && privateTo(candidate, uid)) return candidate;
    if (dirname(dir) === dir) break;
  }
  return join(resolve(cwd), DATA_DIR_NAME);
}

function ownedBy(path: string, uid: number | undefined): boolean {
  try {
    return uid === undefined || lstatSync(path).uid === uid;
  } catch {
    return false;
  }
}

function privateTo(path: string, uid: number | undefined): boolean {
  try {
    const stat = lstatSync(path);
    return stat.isDirectory() && (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 8080;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65_535) {
    throw new ConfigError('PORT', 'an integer from 1 to 65535', raw);
  }
  return port;
}

// RFC 8414 §2: the issuer is an https URL with no query or fragment; plain http is allowed only on loopback.
function parseIssuer(raw: string): string {
  const allowed = 'an https URL without query or fragment (http only for localhost)';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('TESSERA_ISSUER', allowed, raw);
  }
  const httpsOrLoopback = isHttpsOrLoopbackHttp(url);
  if (!httpsOrLoopback || url.search || url.hash || url.username || url.password || raw.includes('#')) {
    throw new ConfigError('TESSERA_ISSUER', allowed, raw);
  }
  return raw.endsWith('/') ? raw.slice(0, -1) : raw;
}

function parseDatabase(raw: string | undefined, dataDir: string, cwd: string): DatabaseConfig {
  if (raw === undefined || raw === '') return { kind: 'sqlite', file: resolve(dataDir, SQLITE_FILE_NAME) };
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      // Never echo the value: it may carry the database password.
      throw new ConfigError('DATABASE_URL', 'a postgres:// URL or sqlite:<path>', undefined);
    }
    return { kind: 'postgres', url: raw };
  }
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file !== '') return { kind: 'sqlite', file: isAbsolute(file) ? file : resolve(cwd, file) };
  }
  throw new ConfigError('DATABASE_URL', 'a postgres:// URL or sqlite:<path>', undefined);
}

function parseMasterKey(raw: string | undefined): Buffer | undefined {
  if (raw === undefined || raw === '') return undefined;
  const key = Buffer.from(raw, 'base64url');
  if (!hasOpaqueSecretShape(raw) || key.length !== 32) {
    // Never echo the value: it is a secret.
    throw new ConfigError('TESSERA_MASTER_KEY', '32 random bytes in base64url (43 characters)', undefined);
  }
  return key;
}

function oneOf<T extends string, F extends T | undefined>(
  env: Env,
  name: string,
  values: readonly T[],
  fallback: F,
): T | F {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  if (!(values as readonly string[]).includes(raw))
    throw new ConfigError(name, `one of ${values.join(', ')}`, raw);
  return raw as T;
}

function parseDays(env: Env, name: string, fallback: number): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  const days = Number(raw);
  if (!/^\d+$/.test(raw) || days < 1 || days > 3650)
    throw new ConfigError(name, 'a whole number of days from 1 to 3650', raw);
  return days;
}

function parseProxies(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  const entries = raw.split(',').map((e) => e.trim());
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const maxPrefix = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (family === 0 || !prefixOk || extra !== undefined) {
      throw new ConfigError(
        'TESSERA_TRUSTED_PROXIES',
        'a comma-separated list of IP addresses or CIDR ranges',
        raw,
      );
    }
  }
  return entries;
}

function parseMail(env: Env, issuer: string): MailConfig | undefined {
  const raw = nonEmpty(env, 'TESSERA_SMTP_URL');
  const from = nonEmpty(env, 'TESSERA_MAIL_FROM');
  if (raw === undefined) {
    if (from !== undefined)
      throw new ConfigError('TESSERA_MAIL_FROM', 'set only with TESSERA_SMTP_URL', from);
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  // No query or fragment: nodemailer reads transport options from the query, which could turn off requireTLS or
  // turn on its protocol log (credentials and message included).
  const plain = url && url.search === '' && url.hash === '' && !raw.includes('?') && !raw.includes('#');
  if (!url || !plain || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '') {
    // Never echo the value: it may carry the SMTP password.
    throw new ConfigError(
      'TESSERA_SMTP_URL',
      'an smtp:// or smtps:// URL without query, such as smtps://user:pass@mail.example.com',
      undefined,
    );
  }
  // One mailbox, on one line: a CR or LF here would let the value add mail headers.
  const address = from ?? `Tessera <no-reply@${new URL(issuer).hostname}>`;
  if (!/^[^\r\n]{1,200}$/.test(address) || !/@[^@\s>]+>?$/.test(address)) {
    throw new ConfigError(
      'TESSERA_MAIL_FROM',
      'one address, e.g. "Example Login <no-reply@example.com>"',
      address,
    );
  }
  return { smtpUrl: raw, from: address };
}
