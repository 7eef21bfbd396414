// Strict base64url decoding of one JWS segment: only the canonical, unpadded encoding is accepted.

/**
 * Decodes `segment` (RFC 7515 §2: base64url without padding), or returns undefined when it is not the
 * canonical encoding of its bytes. Node's decoder is lenient (it accepts `+`, `/`, `=`, skips unknown
 * characters and ignores non-zero trailing bits), so re-encoding and comparing is what makes it strict:
 * exactly one string encodes any byte sequence, so a token cannot be altered without changing its bytes.
 */
export function decodeBase64url(segment: string): Buffer | undefined {
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : undefined;
}
