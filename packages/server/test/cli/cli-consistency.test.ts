import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/program.js';
import { runCli, runCliProcess } from '../support/run-cli.js';
import { PASSWORD } from '../support/sign-in-fixtures.js';
import { startSmtpInbox } from '../support/smtp-inbox.js';

const README = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

interface Usage {
  flags: Set<string>;
  /** The values listed after a flag, as in `--auth-method a|b`. */
  values: Map<string, Set<string>>;
}

/** README's Command line table: for each command ('' for tessera itself), the flags its first column shows. */
function readmeUsage(): Map<string, Usage> {
  const section = README.split('\n## Command line\n')[1]?.split('\n## ')[0] ?? '';
  const usage = new Map<string, Usage>();
  for (const line of section.split('\n').filter((l) => l.startsWith('| `tessera'))) {
    const firstCell = line.split(/(?<!\\)\|/)[1] ?? '';
    for (const [, escaped = ''] of firstCell.matchAll(/`(tessera[^`]*)`/g)) {
      const span = escaped.replaceAll('\\|', '|');
      const words = span.split(/\s+/).slice(1);
      const path: string[] = [];
      for (const word of words) {
        if (!/^[a-z][a-z-]*$/.test(word)) break;
        path.push(word);
      }
      const entry = usage.get(path.join(' ')) ?? { flags: new Set(), values: new Map() };
      for (const [, flag = '', values] of span.matchAll(/(--[a-z][a-z-]*)(?: ([a-z_|]+\|[a-z_|]+))?/g)) {
        entry.flags.add(flag);
        if (values) entry.values.set(flag, new Set(values.split('|')));
      }
      usage.set(path.join(' '), entry);
    }
  }
  return usage;
}

/** The program's commands that do something, each with the flags its help lists (but --help). */
function programUsage(): Map<string, Usage> {
  const usage = new Map<string, Usage>();
  const visit = (command: Command, path: string[]) => {
    if (command.commands.length === 0 || path.length === 0) {
      const options = command.options.filter((o) => o.long !== '--help');
      usage.set(path.join(' '), {
        flags: new Set(options.map((o) => o.long ?? '')),
        values: new Map(
          options.filter((o) => o.argChoices).map((o) => [o.long ?? '', new Set(o.argChoices ?? [])]),
        ),
      });
    }
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(createProgram(), []);
  return usage;
}

/** Every key of every object in a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

// Issue 9, item 9: one command line, described once, that refuses what cannot mean anything.
describe('tessera CLI consistency', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
    env = { TESSERA_DATA_DIR: dataDir };
    // Only migrate creates the database, and only serve or a rotation make signing keys.
    expect((await runCli(['migrate'], env)).status).toBe(0);
    expect((await runCli(['keys', 'rotate'], env)).status).toBe(0);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('tessera --version prints the version of the package', () => {
    // The binary itself: bin/tessera.js finds the build, and the package.json it reads is the one published.
    const result = runCliProcess(['--version'], env);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(PACKAGE.version);
  });

  it("every command's help lists exactly the flags, and the values, of README's Command line table", () => {
    const readme = readmeUsage();
    const program = programUsage();
    expect([...readme.keys()].sort()).toEqual([...program.keys()].sort());
    for (const [path, { flags, values }] of program) {
      expect({ path, flags: [...(readme.get(path)?.flags ?? [])].sort() }).toEqual({
        path,
        flags: [...flags].sort(),
      });
      for (const [flag, choices] of values) {
        expect({ path, flag, values: [...(readme.get(path)?.values.get(flag) ?? [])].sort() }).toEqual({
          path,
          flag,
          values: [...choices].sort(),
        });
      }
    }
  });

  it('every --json output uses snake_case keys', async () => {
    const outputs: Record<string, () => Promise<string>> = {
      'clients create': async () =>
        (
          await runCli(
            [
              ...['clients', 'create', '--name', 'web', '--grant-types', 'authorization_code,refresh_token'],
              ...['--redirect-uri', 'https://app.example.com/cb', '--json'],
            ],
            env,
          )
        ).stdout,
      'clients list': async () => (await runCli(['clients', 'list', '--json'], env)).stdout,
      'users create': async () =>
        (
          await runCli(
            ['users', 'create', '--email', 'json@example.com', '--password-stdin', '--json'],
            env,
            PASSWORD,
          )
        ).stdout,
      'users update': async () =>
        (await runCli(['users', 'update', 'json@example.com', '--given-name', 'Jay', '--json'], env)).stdout,
      'users list': async () => (await runCli(['users', 'list', '--json'], env)).stdout,
      'keys list': async () => (await runCli(['keys', 'list', '--json'], env)).stdout,
      'roles create': async () =>
        (await runCli(['roles', 'create', 'json-admin', '--permissions', 'a:b', '--json'], env)).stdout,
      'roles list': async () => (await runCli(['roles', 'list', '--json'], env)).stdout,
      'orgs create': async () => (await runCli(['orgs', 'create', 'json-org', '--json'], env)).stdout,
      'orgs list': async () => (await runCli(['orgs', 'list', '--json'], env)).stdout,
      'orgs members': async () => {
        await runCli(['orgs', 'add-member', 'json-org', 'json@example.com', '--role', 'json-admin'], env);
        return (await runCli(['orgs', 'members', 'json-org', '--json'], env)).stdout;
      },
      'orgs invite': async () => {
        // Invitations go by email: a mail server for this one command.
        const inbox = await startSmtpInbox();
        try {
          const args = ['orgs', 'invite', 'json-org', 'new@example.com', '--role', 'json-admin', '--json'];
          return (await runCli(args, { ...env, TESSERA_SMTP_URL: inbox.url })).stdout;
        } finally {
          await inbox.close();
        }
      },
      'orgs invitations': async () =>
        (await runCli(['orgs', 'invitations', 'json-org', '--json'], env)).stdout,
      'fga stores create': async () =>
        (await runCli(['fga', 'stores', 'create', 'json', '--json'], env)).stdout,
      'fga stores list': async () => (await runCli(['fga', 'stores', 'list', '--json'], env)).stdout,
      'fga tokens list': async () => {
        await runCli(['fga', 'tokens', 'create', '--name', 'json', '--scope', 'fga:read'], env);
        return (await runCli(['fga', 'tokens', 'list', '--json'], env)).stdout;
      },
    };
    const withJson = [...programUsage()]
      .filter(([, usage]) => usage.flags.has('--json'))
      .map(([path]) => path);
    expect(Object.keys(outputs).sort()).toEqual(withJson.sort());
    for (const [command, output] of Object.entries(outputs)) {
      const keys = keysOf(JSON.parse(await output()));
      expect(keys.length).toBeGreaterThan(0);
      expect({ command, camelCase: keys.filter((key) => !/^[a-z0-9]+(_[a-z0-9]+)*$/.test(key)) }).toEqual({
        command,
        camelCase: [],
      });
    }
  });

  it('clients create refuses contradictory flags with their rule, and a repeated --redirect-uri counts once', async () => {
    const web = ['clients', 'create', '--name', 'web', '--grant-types', 'authorization_code'];
    const worker = ['clients', 'create', '--name', 'worker', '--grant-types', 'client_credentials'];
    const refused = [
      [
        [
          ...web,
          '--redirect-uri',
          'https://a.example.com/cb',
          '--public',
          '--auth-method',
          'private_key_jwt',
        ],
        'public_client_auth_method',
      ],
      [[...worker, '--first-party'], 'first_party_without_sign_in'],
      [
        [...worker, '--post-logout-redirect-uri', 'https://a.example.com/bye'],
        'redirect_uri_without_sign_in',
      ],
      [[...web, '--redirect-uri', 'https://*.example.com/cb'], 'invalid_redirect_uri: redirect_uri_wildcard'],
    ] as const;
    const before = JSON.parse((await runCli(['clients', 'list', '--json'], env)).stdout).length;
    for (const [args, rule] of refused) {
      const result = await runCli([...args], env);
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(rule);
    }
    expect(JSON.parse((await runCli(['clients', 'list', '--json'], env)).stdout)).toHaveLength(before);

    const repeated = await runCli(
      [
        ...web,
        '--redirect-uri',
        'https://a.example.com/cb',
        '--redirect-uri',
        'https://a.example.com/cb',
        '--json',
      ],
      env,
    );
    const { client_id: clientId } = JSON.parse(repeated.stdout);
    const listed = JSON.parse((await runCli(['clients', 'list', '--json'], env)).stdout);
    expect(listed.find((c: { client_id: string }) => c.client_id === clientId).redirect_uris).toEqual([
      'https://a.example.com/cb',
    ]);
  });

  it('a --jwks-file that is missing, or not JSON, is refused naming the flag', async () => {
    const jwt = ['clients', 'create', '--name', 'jwt', '--grant-types', 'client_credentials'];
    const missing = await runCli(
      [...jwt, '--auth-method', 'private_key_jwt', '--jwks-file', join(dataDir, 'nope.json')],
      env,
    );
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain(
      `unreadable_file: --jwks-file ${join(dataDir, 'nope.json')}: no such file`,
    );
    const notJson = await runCli(
      [...jwt, '--auth-method', 'private_key_jwt', '--jwks-file', join(dataDir, 'master.key')],
      env,
    );
    expect(notJson.stderr).toContain('invalid_jwks: --jwks-file');
    const both = await runCli(
      [...jwt, '--auth-method', 'private_key_jwt', '--jwks', '{}', '--jwks-file', 'x.json'],
      env,
    );
    expect(both.status).toBe(1);
    expect(both.stderr).toContain("option '--jwks <json>' cannot be used with option '--jwks-file <path>'");
  });
});
