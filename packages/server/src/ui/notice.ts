// A notice a page shows (role=status): plain text, or text with real links. The notice partial renders each part
// through Eta's escaping, so no notice is ever HTML built by hand.
export type NoticePart = string | { href: string; text: string };
export type Notice = string | NoticePart[];
