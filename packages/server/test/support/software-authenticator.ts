// A WebAuthn authenticator in software for HTTP tests: it answers the server's options as a browser and a platform
// authenticator would (ES256 keys, "none" attestation, discoverable credentials, a signature counter), with knobs for
// what the server must refuse: another origin, no user verification, a broken signature. CBOR comes from
// @simplewebauthn/server's helpers; the formats are WebAuthn §6.1 (authenticator data) and §6.5 (attestation object).
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');

/** Authenticator data flags (WebAuthn §6.1). */
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

export interface SoftwareCredential {
  id: Buffer;
  privateKey: KeyObject;
  publicKeyCose: Uint8Array;
  userHandle: string;
  rpId: string;
  counter: number;
}

export interface CeremonyKnobs {
  /** The origin the "browser" reports in clientDataJSON (the page's origin by default). */
  origin?: string;
  /** Whether the authenticator verified the user (true by default). */
  userVerified?: boolean;
  /** Flip a bit of the signature. */
  badSignature?: boolean;
  /** Sign a challenge other than the one in the options. */
  challenge?: string;
  /** The counter to report instead of the next one. */
  counter?: number;
}

interface CreationOptions {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
}

interface RequestOptions {
  challenge: string;
  rpId?: string;
}

export class SoftwareAuthenticator {
  readonly credentials: SoftwareCredential[] = [];

  constructor(readonly origin: string) {}

  /** navigator.credentials.create(): the RegistrationResponseJSON, and the new credential kept. */
  register(options: CreationOptions, knobs: CeremonyKnobs = {}): Record<string, unknown> {
    const rpId = options.rp.id ?? new URL(this.origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    // COSE_Key (RFC 9053): kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y.
    const publicKeyCose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x as string, 'base64url')],
        [-3, Buffer.from(jwk.y as string, 'base64url')],
      ]),
    );
    const credential: SoftwareCredential = {
      id: randomBytes(16),
      privateKey,
      publicKeyCose,
      userHandle: options.user.id,
      rpId,
      counter: 0,
    };
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const authData = Buffer.concat([
      this.#authDataHead(rpId, AT | this.#presenceFlags(knobs), knobs.counter ?? 0),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      credential.id,
      Buffer.from(publicKeyCose),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', new Uint8Array(authData)],
      ]) as never,
    );
    this.credentials.push(credential);
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key',
      response: {
        clientDataJSON: this.#clientData('webauthn.create', knobs.challenge ?? options.challenge, knobs),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** navigator.credentials.get() with `credential` (the last one registered by default): AuthenticationResponseJSON. */
  authenticate(
    options: RequestOptions,
    knobs: CeremonyKnobs = {},
    credential = this.credentials.at(-1),
  ): Record<string, unknown> {
    if (!credential) throw new Error('no credential registered');
    credential.counter += 1;
    const authData = this.#authDataHead(
      options.rpId ?? credential.rpId,
      this.#presenceFlags(knobs),
      knobs.counter ?? credential.counter,
    );
    const clientDataJSON = this.#clientData('webauthn.get', knobs.challenge ?? options.challenge, knobs);
    const signed = Buffer.concat([
      authData,
      createHash('sha256').update(Buffer.from(clientDataJSON, 'base64url')).digest(),
    ]);
    const signature = sign('sha256', signed, credential.privateKey);
    if (knobs.badSignature) signature[signature.length - 1] = (signature.at(-1) as number) ^ 0x01;
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key',
      response: {
        clientDataJSON,
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  #presenceFlags(knobs: CeremonyKnobs): number {
    return UP | (knobs.userVerified === false ? 0 : UV);
  }

  #authDataHead(rpId: string, flags: number, counter: number): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([createHash('sha256').update(rpId).digest(), Buffer.from([flags]), count]);
  }

  #clientData(type: string, challenge: string, knobs: CeremonyKnobs): string {
    const clientData = { type, challenge, origin: knobs.origin ?? this.origin, crossOrigin: false };
    return Buffer.from(JSON.stringify(clientData)).toString('base64url');
  }
}
