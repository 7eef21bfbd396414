// Encrypts secrets at rest (private signing keys, later TOTP secrets) with the master key, as compact JWE (dir, A256GCM).
import { createSecretKey, type KeyObject } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';

export class SecretBox {
  readonly #key: KeyObject;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
    this.#key = createSecretKey(masterKey);
  }

  /** `purpose` is bound into the ciphertext, so a value sealed for one use cannot be opened for another. */
  async seal(plaintext: string, purpose: string): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(plaintext))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: purpose })
      .encrypt(this.#key);
  }

  async open(sealed: string, purpose: string): Promise<string> {
    const { plaintext, protectedHeader } = await compactDecrypt(sealed, this.#key);
    if (protectedHeader.cty !== purpose)
      throw new Error(`sealed value is for ${protectedHeader.cty}, not ${purpose}`);
    return new TextDecoder().decode(plaintext);
  }
}
