// oidc-provider ships no types; the test IdP (idp.ts) describes the little it uses.
declare module 'oidc-provider';
