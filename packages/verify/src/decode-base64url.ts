// Strict base64url decoding of JWS segments: only the canonical, unpadded encoding is accepted.

// RFC 7515 §2: base64url without padding. Node's decoder is lenient (it accepts `+`, `/`, `=`, skips unknown
// characters and ignores non-zero trailing bits), so re-encoding and comparing is what makes it strict:
// exactly one string encodes any byte sequence, so a token cannot be altered without changing its bytes.
// (A regular expression plus a trailing-bits check measured slower than the native re-encode.)

/** Decodes `segment`, or returns undefined when it is not the canonical encoding of its bytes. */
export function decodeBase64url(segment: string): Buffer | undefined {
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : undefined;
}

/**
 * Decodes `segment` into `target` at `offset` without allocating, and returns the number of bytes written,
 * or -1 when `segment` is not canonical (or does not fit, which the comparison also catches).
 */
export function decodeBase64urlInto(segment: string, target: Buffer, offset: number): number {
  const length = target.write(segment, offset, 'base64url');
  return target.toString('base64url', offset, offset + length) === segment ? length : -1;
}
