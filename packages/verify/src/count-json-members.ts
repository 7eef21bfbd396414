// A small scanner over JSON text that counts the top-level object's members and bounds nesting depth.

/** Returned by `countJsonMembers` when the text nests deeper than allowed. */
export const TOO_DEEP = -1;

/**
 * Counts the `:` separators at depth 1 of `json`, i.e. the members of its top-level object, and returns
 * TOO_DEEP as soon as objects/arrays nest deeper than `maxDepth`. It does not validate: it is meant to run on
 * text that JSON.parse then accepts, where every member of an object has exactly one `:` at that object's
 * depth. JSON.parse keeps only the last of duplicate names (RFC 8259 §4 leaves them undefined; RFC 7515 §5.2
 * and RFC 7519 §4 require rejecting them), so fewer parsed keys than counted members means a duplicate,
 * whatever escapes spell the names.
 */
export function countJsonMembers(json: string, maxDepth: number): number {
  let depth = 0;
  let members = 0;
  const length = json.length;
  for (let i = 0; i < length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Jump to the closing quote: one preceded by an even number of backslashes.
      let end = json.indexOf('"', i + 1);
      while (end !== -1 && isEscaped(json, end)) end = json.indexOf('"', end + 1);
      if (end === -1) return members; // unterminated: JSON.parse will reject it
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > maxDepth) return TOO_DEEP;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    } else if (c === 0x3a /* : */ && depth === 1) {
      members++;
    }
  }
  return members;
}

function isEscaped(json: string, quote: number): boolean {
  let backslashes = 0;
  for (let j = quote - 1; json.charCodeAt(j) === 0x5c; j--) backslashes++;
  return (backslashes & 1) === 1;
}
