import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { resolveMasterKey } from '../../src/config/master-key.js';

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, '/srv');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has working defaults: port 8080, localhost issuer, SQLite in ./.tessera, the signing algorithm of the database', () => {
    const config = loadConfig({}, '/srv');
    expect(config).toMatchObject({
      port: 8080,
      issuer: 'http://localhost:8080',
      dataDir: '/srv/.tessera',
      database: { kind: 'sqlite', file: '/srv/.tessera/tessera.db' },
      signingAlg: undefined,
      masterKey: undefined,
    });
  });

  it('keeps the FGA data in SQL unless TESSERA_FGA_DATASTORE=memory', () => {
    expect(loadConfig({}, '/srv').fgaDatastore).toBe('sql');
    expect(loadConfig({ TESSERA_FGA_DATASTORE: 'sql' }, '/srv').fgaDatastore).toBe('sql');
    expect(loadConfig({ TESSERA_FGA_DATASTORE: 'memory' }, '/srv').fgaDatastore).toBe('memory');
  });

  it('derives the default issuer from PORT', () => {
    expect(loadConfig({ PORT: '9000' }, '/srv').issuer).toBe('http://localhost:9000');
  });

  it('selects PostgreSQL from a postgres:// DATABASE_URL and SQLite from sqlite:<path>', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/tessera' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db:5432/tessera',
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite:data/t.db' }, '/srv').database).toEqual({
      kind: 'sqlite',
      file: '/srv/data/t.db',
    });
  });

  it('accepts an https issuer and strips a trailing slash', () => {
    expect(loadConfig({ TESSERA_ISSUER: 'https://id.example.com/' }).issuer).toBe('https://id.example.com');
  });

  for (const [variable, value] of [
    ['PORT', '0'],
    ['PORT', '70000'],
    ['PORT', '80a'],
    ['TESSERA_ISSUER', 'http://id.example.com'],
    ['TESSERA_ISSUER', 'https://id.example.com/?tenant=1'],
    ['TESSERA_ISSUER', 'https://id.example.com/#x'],
    ['TESSERA_ISSUER', 'not a url'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['TESSERA_MASTER_KEY', 'too-short'],
    ['TESSERA_SIGNING_ALG', 'none'],
    ['TESSERA_KEY_ROTATION_DAYS', '0'],
    ['TESSERA_LOG_LEVEL', 'loud'],
    ['TESSERA_FGA_DATASTORE', 'redis'],
    ['TESSERA_SMTP_URL', 'http://mail.example.com'],
    ['TESSERA_SMTP_URL', 'mail.example.com:587'],
    ['TESSERA_SMTP_URL', 'smtp://mail.example.com:587?requireTLS=false&debug=true'],
  ] as const) {
    it(`refuses ${variable}=${JSON.stringify(value)}, naming the variable and what is allowed`, () => {
      const error = configErrorOf({ [variable]: value });
      expect(error.variable).toBe(variable);
      expect(error.message).toContain(variable);
      expect(error.message).toContain(error.allowed);
    });
  }

  it('never echoes a bad master key in the error', () => {
    const secretish = 'A'.repeat(40);
    expect(configErrorOf({ TESSERA_MASTER_KEY: secretish }).message).not.toContain(secretish);
  });

  it('configures outgoing mail from TESSERA_SMTP_URL, with a From address on the issuer host by default', () => {
    expect(loadConfig({}, '/srv').mail).toBeUndefined();
    const url = 'smtps://tessera:s3cret@mail.example.com:465';
    expect(
      loadConfig({ TESSERA_SMTP_URL: url, TESSERA_ISSUER: 'https://id.example.com' }, '/srv').mail,
    ).toEqual({
      smtpUrl: url,
      from: 'Tessera <no-reply@id.example.com>',
    });
    const from = 'Example Login <login@example.com>';
    expect(loadConfig({ TESSERA_SMTP_URL: url, TESSERA_MAIL_FROM: from }, '/srv').mail?.from).toBe(from);
  });

  it('never echoes a bad SMTP URL (it may hold a password) and refuses a From that could add headers', () => {
    const error = configErrorOf({ TESSERA_SMTP_URL: 'ftp://tessera:s3cret@mail.example.com' });
    expect(error.variable).toBe('TESSERA_SMTP_URL');
    expect(error.message).not.toContain('s3cret');
    const smtp = 'smtp://127.0.0.1:2525';
    const injected = configErrorOf({
      TESSERA_SMTP_URL: smtp,
      TESSERA_MAIL_FROM: 'a@example.com\r\nBcc: x@evil.example',
    });
    expect(injected.variable).toBe('TESSERA_MAIL_FROM');
    expect(configErrorOf({ TESSERA_MAIL_FROM: 'a@example.com' }).variable).toBe('TESSERA_MAIL_FROM');
  });

  it('generates a master key file with mode 0600 once and reads it back afterwards', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-master-'));
    try {
      const first = resolveMasterKey(undefined, dir);
      expect(first.source).toBe('generated');
      expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
      const second = resolveMasterKey(undefined, dir);
      expect(second.source).toBe('file');
      expect(second.key.equals(first.key)).toBe(true);
      expect(readFileSync(join(dir, 'master.key'), 'utf8').trim()).toBe(first.key.toString('base64url'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prefers TESSERA_MASTER_KEY and writes no file then', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-master-'));
    try {
      const key = Buffer.alloc(32, 7);
      const config = loadConfig({ TESSERA_MASTER_KEY: key.toString('base64url') });
      expect(resolveMasterKey(config.masterKey, dir)).toEqual({ key, source: 'environment' });
      expect(() => statSync(join(dir, 'master.key'))).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bad DATABASE_URL is named without echoing it, since it may carry the password', () => {
    for (const url of [
      'postgres://app:s3cret@db.internal:99999/tessera',
      'postgresql:/app:s3cret@db/tessera',
    ]) {
      const error = configErrorOf({ DATABASE_URL: url });
      expect(error.variable).toBe('DATABASE_URL');
      expect(error.message).not.toContain('s3cret');
    }
  });

  it('without TESSERA_DATA_DIR finds the data dir of a parent directory, as git finds .git', () => {
    const root = mkdtempSync(join(tmpdir(), 'tessera-checkout-'));
    try {
      const nested = join(root, 'packages', 'server');
      mkdirSync(nested, { recursive: true });
      // Nothing there yet: the current directory's ./.tessera, to be made by `serve`.
      expect(loadConfig({}, nested).dataDir).toBe(join(nested, '.tessera'));
      resolveMasterKey(undefined, join(root, '.tessera'));
      expect(loadConfig({}, nested).dataDir).toBe(join(root, '.tessera'));
      expect(loadConfig({}, nested).database).toEqual({
        kind: 'sqlite',
        file: join(root, '.tessera', 'tessera.db'),
      });
      expect(loadConfig({ TESSERA_DATA_DIR: 'here' }, nested).dataDir).toBe(join(nested, 'here'));
      // serve and migrate never look above: they make ./.tessera where they start.
      expect(loadConfig({}, nested, false).dataDir).toBe(join(nested, '.tessera'));
      // A data dir others may write to, or a link to one, is never taken (another user's /tmp/.tessera, say).
      chmodSync(join(root, '.tessera'), 0o777);
      expect(loadConfig({}, nested).dataDir).toBe(join(nested, '.tessera'));
      chmodSync(join(root, '.tessera'), 0o700);
      renameSync(join(root, '.tessera'), join(root, 'real'));
      symlinkSync(join(root, 'real'), join(root, '.tessera'));
      expect(loadConfig({}, nested).dataDir).toBe(join(nested, '.tessera'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a key file that is missing is an error naming TESSERA_MASTER_KEY, not a new key, outside serve and migrate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-master-'));
    try {
      expect(() => resolveMasterKey(undefined, dir, false)).toThrow(ConfigError);
      expect(() => resolveMasterKey(undefined, dir, false)).toThrow(/^TESSERA_MASTER_KEY must be set/);
      expect(() => statSync(join(dir, 'master.key'))).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a data dir that cannot be written is an error naming TESSERA_DATA_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-readonly-'));
    try {
      const file = join(dir, 'not-a-directory');
      writeFileSync(file, '');
      const error = (() => {
        try {
          resolveMasterKey(undefined, join(file, 'data'));
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('TESSERA_DATA_DIR');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
