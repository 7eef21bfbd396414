// Whether a request value holds a C0 control character or DEL. No OAuth parameter, email or password form field has
// a use for one, and PostgreSQL refuses NUL in text outright, so they are refused at the edge.
export function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
