import type { Role } from './identity-schema.ts';

/**
 * Who may call a route (issue 11 item 6): anyone, any logged-in user, or a user holding one of the roles. Every
 * API route declares it in `config.access`; one hook in src/platform/http/app.ts checks it before the route's
 * validation runs, and test/permissions.test.ts calls every route as every role and reads the expected outcome
 * from here. The use cases still check their own roles and the organisational scope (CONVENTIONS §3): the CLI
 * and the jobs call them without a route.
 */
export type Access = 'public' | 'loggedIn' | readonly Role[];

/** The centre's roles (DOMAIN §1) that read its registers; the driver (chaufför) sees only the runs. The others (prescriber, orderer, localSupport, logReviewer, preparationGroup) belong to the care providers. */
export const centreRoles = [
  'customerService',
  'technician',
  'warehouse',
  'consultant',
  'finance',
  'assortment',
  'functionCoordinator',
  'systemAdmin',
] as const satisfies readonly Role[];

/** Every role at the centre: reads the centre's registers (units, stock, cases of its own kind). */
export const CENTRE = centreRoles;
/** System administration: users, organisation, settings, system clients, the audit log. */
export const SYSTEM_ADMIN = ['systemAdmin'] as const satisfies readonly Role[];

/** The roles' Swedish names, as users know them (refusals, mails). */
export const roleLabels: Record<Role, string> = {
  prescriber: 'förskrivare',
  orderer: 'beställare',
  localSupport: 'lokalt användarstöd',
  customerService: 'kundtjänst',
  technician: 'tekniker',
  driver: 'chaufför',
  warehouse: 'lager',
  consultant: 'konsulent',
  finance: 'ekonomi',
  assortment: 'sortiment',
  functionCoordinator: 'funktionssamordnare',
  systemAdmin: 'systemförvaltare',
  logReviewer: 'loggranskare',
  preparationGroup: 'beredningsgrupp',
};

/** The refusal of a route a caller's roles do not reach, naming who may: "Bara kundtjänst eller lager får göra det här". */
export function refusalFor(access: readonly Role[]): string {
  const names = access.map((r) => roleLabels[r]);
  const who = names.length > 1 ? `${names.slice(0, -1).join(', ')} eller ${names.at(-1)}` : names[0];
  return `Bara ${who} får göra det här`;
}

/** Whether an actor with `roles` (none when not logged in) may call a route declaring `access`. */
export function allows(access: Access, roles: ReadonlySet<Role> | null): 'allowed' | 'unauthenticated' | 'denied' {
  if (access === 'public') return 'allowed';
  if (!roles) return 'unauthenticated';
  if (access === 'loggedIn' || access.some((r) => roles.has(r))) return 'allowed';
  return 'denied';
}
