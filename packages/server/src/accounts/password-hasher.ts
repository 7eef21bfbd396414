// Password hashing with argon2id at (at least) OWASP's parameters, rehash detection, and a dummy for unknown users.
import { hash, verify } from '@node-rs/argon2';

/** @node-rs/argon2's Algorithm.Argon2id (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

/** OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1. */
export const ARGON2_PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** True when the hash was made with other parameters than today's, so it should be replaced at sign-in. */
  needsRehash(passwordHash: string): boolean;
  /** Spends the same time as verify() against a real hash: used for unknown accounts, so timing reveals nothing. */
  verifyDummy(password: string): Promise<void>;
}

export interface Argon2Parameters {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export function createArgon2Hasher(parameters: Argon2Parameters = ARGON2_PARAMETERS): PasswordHasher {
  const options = { algorithm: ARGON2ID, ...parameters };
  const expectedPrefix = `$argon2id$v=19$m=${parameters.memoryCost},t=${parameters.timeCost},p=${parameters.parallelism}$`;
  let dummyHash: Promise<string> | undefined;
  return {
    hash: (password) => hash(password, options),
    verify: async (passwordHash, password) => {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
    needsRehash: (passwordHash) => !passwordHash.startsWith(expectedPrefix),
    verifyDummy: async (password) => {
      dummyHash ??= hash('tessera-dummy-password', options);
      await verify(await dummyHash, password).catch(() => false);
    },
  };
}
