// Reads the stable codes a page carries (data-error-code), so tests assert codes rather than prose.
export function pageErrorCodes(body: string): string[] {
  return [...body.matchAll(/data-error-code="([^"]*)"/g)].map((match) => match[1] as string);
}
