import { listCareProviders } from '../administration/organisation/care-providers.ts';
import { customersByIds } from '../administration/organisation/customers.ts';
import type { CustomerView } from '../administration/organisation/org-schemas.ts';
import { requireRole, type Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { FHIR_USERS } from './roles.ts';
import { CUSTOMER_NUMBER_SYSTEM, ORGANISATION_NUMBER_SYSTEM, ORGANISATION_TYPE_SYSTEM } from './systems.ts';
import type { FhirResource } from './types.ts';

/**
 * Organization: the caller's care provider (vårdgivare, HL7 organization type 'prov') and its customers (kund,
 * type 'dept', partOf the care provider), from the administration module. The scope is the caller's: a system
 * client (or a user) reads its own care provider and the customers it acts for; anything else is refused,
 * the same 403 whether it exists or not.
 */

interface CareProviderFacts {
  id: string;
  name: string;
  kind: string;
  organisationNumber: string;
  active: boolean;
}

export function careProviderOrganization(c: CareProviderFacts): FhirResource {
  return {
    resourceType: 'Organization',
    id: c.id,
    identifier: [{ use: 'official', system: ORGANISATION_NUMBER_SYSTEM, value: c.organisationNumber }],
    active: c.active,
    type: [{ coding: [{ system: ORGANISATION_TYPE_SYSTEM, code: 'prov', display: 'Healthcare Provider' }], text: 'Vårdgivare' }],
    name: c.name,
  };
}

export function customerOrganization(c: CustomerView): FhirResource {
  const addresses = [...c.addresses].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  return {
    resourceType: 'Organization',
    id: c.id,
    identifier: [{ use: 'official', system: CUSTOMER_NUMBER_SYSTEM, value: c.customerNumber }],
    active: c.active,
    type: [{ coding: [{ system: ORGANISATION_TYPE_SYSTEM, code: 'dept', display: 'Hospital Department' }], text: 'Kund' }],
    name: c.name,
    ...(addresses.length
      ? {
          address: addresses.map((a) => ({
            use: 'work',
            type: 'physical',
            text: a.label,
            line: [a.street],
            postalCode: a.postalCode,
            city: a.city,
            country: 'SE',
          })),
        }
      : {}),
    partOf: { reference: `Organization/${c.careProviderId}`, display: c.careProviderName },
  };
}

const outsideScope = () => new AppError('FORBIDDEN', 'Organisationen ligger utanför er behörighet: ni når bara er egen vårdgivare och era egna kunder');

/** The caller's organisations: its care providers and its customers. */
export async function organisationsInScope(ctx: Ctx): Promise<FhirResource[]> {
  const actor = requireRole(ctx, ...FHIR_USERS);
  const [providers, customers] = await Promise.all([listCareProviders(ctx), customersByIds(ctx.db, actor.customerIds)]);
  return [...providers.filter((p) => actor.careProviderIds.includes(p.id)).map(careProviderOrganization), ...customers.map(customerOrganization)];
}

/** GET /fhir/R4/Organization/{id}: 403 outside the caller's scope (another care provider, or a customer it does not act for). */
export async function readOrganization(ctx: Ctx, id: string): Promise<FhirResource> {
  const found = (await organisationsInScope(ctx)).find((o) => o.id === id);
  if (!found) throw outsideScope();
  return found;
}
