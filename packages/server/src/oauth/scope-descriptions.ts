// How the consent screen describes each scope to a person.
const DESCRIPTIONS: Record<string, { title: string; detail: string }> = {
  openid: { title: 'Know who you are', detail: 'Your account identifier at Tessera.' },
  profile: { title: 'See your profile', detail: 'Your name, picture and language.' },
  email: { title: 'See your email address', detail: 'Your email and whether it is verified.' },
  offline_access: { title: 'Stay connected', detail: 'Keep access while you are away, until you revoke it.' },
  roles: { title: 'See your roles', detail: 'Your organization and the roles you hold in it.' },
};

export function describeScope(scope: string): { title: string; detail: string } {
  return DESCRIPTIONS[scope] ?? { title: scope, detail: 'An application-defined permission.' };
}
