// prompt holds only values Tessera acts on, and none stands alone (OIDC Core §3.1.2.1).
import type { VerifiedRequestContext } from './authorization-check.js';

export const PROMPT_VALUES = ['none', 'login', 'consent'] as const;
export type Prompt = (typeof PROMPT_VALUES)[number];

export function checkPrompt({ param, fail }: VerifiedRequestContext): Set<Prompt> {
  const prompt = new Set<Prompt>();
  for (const value of (param('prompt') ?? '').split(' ').filter(Boolean)) {
    if (!(PROMPT_VALUES as readonly string[]).includes(value))
      throw fail('invalid_request', `prompt=${value} is not supported`);
    prompt.add(value as Prompt);
  }
  if (prompt.has('none') && prompt.size > 1) throw fail('invalid_request', 'prompt=none cannot be combined');
  return prompt;
}
