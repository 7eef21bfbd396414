// @tessera/rebac: the Zanzibar-style relationship engine (built by the ReBAC issue).
export {};
