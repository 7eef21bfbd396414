// Encrypts secrets at rest (private signing keys, later TOTP secrets) with the master key, as compact JWE (dir, A256GCM).

import { createSecretKey, type KeyObject } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, errors } from 'jose';
import { TesseraError } from '../tessera-error.js';

/** A sealed value does not open with this master key: the database was sealed with another one. */
export class WrongMasterKeyError extends TesseraError {
  readonly code = 'wrong_master_key';
  constructor(keySource: string) {
    super(
      `the master key (${keySource}) is not the key the secrets in this database were sealed with: ` +
        'give Tessera the master key it first ran with',
    );
    this.name = 'WrongMasterKeyError';
  }
}

export class SecretBox {
  readonly #key: KeyObject;
  readonly #keySource: string;

  /** `keySource` says where the key came from (TESSERA_MASTER_KEY, a file), for the error a wrong key gives. */
  constructor(masterKey: Buffer, keySource = 'the master key') {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
    this.#key = createSecretKey(masterKey);
    this.#keySource = keySource;
  }

  /** `purpose` is bound into the ciphertext, so a value sealed for one use cannot be opened for another. */
  async seal(plaintext: string, purpose: string): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(plaintext))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: purpose })
      .encrypt(this.#key);
  }

  /**
   * Opens a value this database sealed; a value that does not open is WrongMasterKeyError (use `open` for values
   * that come from outside, such as cookies, where that means a forgery).
   */
  async openStored(sealed: string, purpose: string): Promise<string> {
    return this.open(sealed, purpose).catch((error: unknown) => {
      throw error instanceof errors.JWEDecryptionFailed ? new WrongMasterKeyError(this.#keySource) : error;
    });
  }

  async open(sealed: string, purpose: string): Promise<string> {
    const { plaintext, protectedHeader } = await compactDecrypt(sealed, this.#key);
    if (protectedHeader.cty !== purpose)
      throw new Error(`sealed value is for ${protectedHeader.cty}, not ${purpose}`);
    return new TextDecoder().decode(plaintext);
  }
}
