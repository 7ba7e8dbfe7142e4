// Owns merchant API keys (hashed secrets with scopes) and resolving a bearer secret to a key.
// Does not own the HTTP guard itself: http/ asks this module who is calling.

export type { ApiKeyPrincipal, Scope } from "./api-keys.ts";
export { allScopes, authenticateApiKey, createApiKey, hasAnyApiKey } from "./api-keys.ts";
