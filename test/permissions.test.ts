import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { roles, type Role } from '../src/administration/schema.ts';
import { defaultQueueRouting } from '../src/provision/rules/rule-set.ts';
import { defaultInspectionChecklists } from '../src/provision/maintenance/checklists.ts';
import type { Access } from '../src/platform/auth/access.ts';
import { PRICE_EDITORS } from '../src/billing/roles.ts';
import { PICK_UP_STAFF } from '../src/provision/pickups/roles.ts';
import { PATIENT_ROLES } from '../src/ordering/patients/access.ts';
import { SUPPORT_STAFF } from '../src/support/tickets.ts';
import { givenAgreement, givenArticle, givenPrice, givenSupplier } from '../src/catalogue/testing/article-fixtures.ts';
import { importCatalogueFile } from '../src/catalogue/import/import-catalogue-file.ts';
import { seedIsoCodes } from '../src/catalogue/iso/seed-iso-codes.ts';
import { storeMedia } from '../src/catalogue/media/store-media.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
import { DEMO_PATIENTS } from '../src/ordering/patients/demo-population.ts';
import { DEMO_PASSWORD, startTestApp, type Client, type TestApp } from './app.ts';
import { addWorkingDays, stockholmDateTime } from '../src/platform/calendar/index.ts';
import { postStockTransaction } from '../src/provision/stock/stock.ts';
import { as, givenReceivedOrder, givenUnitArticle, givenUnits, givenWarehouses, submitMessage } from '../src/provision/testing/given.ts';
import { givenPickUpPermissionFixtures, type PickUpPermissionFixtures } from '../src/provision/testing/pick-up-permission-fixtures.ts';
import { givenTransportPermissionFixtures, type TransportPermissionFixtures } from '../src/provision/testing/transport-permission-fixtures.ts';
import {
  givenWorkOrderPermissionFixtures,
  type WorkOrderPermissionFixtures,
  type WorkOrderRef,
} from '../src/provision/testing/work-order-permission-fixtures.ts';
import { receiveMessage } from '../src/provision/intake/receive-message.ts';
import { deliverLine } from '../src/provision/orders/deliver-line.ts';
import { handleLostDevice } from '../src/provision/reports/lost-device.ts';
import { proposeRefill } from '../src/provision/buffers/refill-proposals.ts';
import { createPurchaseOrder } from '../src/provision/purchasing/create-purchase-order.ts';
import { sendPurchaseOrder } from '../src/provision/purchasing/send-purchase-order.ts';
import { setReorderPoint } from '../src/provision/purchasing/reorder-points.ts';
import { raiseTicket } from '../src/support/tickets.ts';
import { addTicketAttachment } from '../src/support/attachments.ts';
import { decideProposal, submitProposal } from '../src/governance/proposals/proposals.ts';
import { planRound, recordResult } from '../src/governance/test-rounds/test-rounds.ts';
import { deviceRequest } from '../src/fhir/testing/external-system.ts';

/**
 * The permission matrix: every API route against every role (and anonymous). The policy is what each route
 * declares (`config.access`, src/platform/auth/access.ts; the app refuses to start with a route that declares
 * none); the table below holds a valid request per route, so that every role the route lets in is shown to
 * succeed and every other is refused. A route the app serves without a row here fails the last test.
 *
 * Each caller is a user holding exactly one role, member of one demo customer (20101, Norrviks kommun).
 * Every call runs on a fresh session, so calls that log out, change a password or renew the session
 * cannot disturb the next one.
 */

type Caller = Role | 'anonymous';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Upload {
  fields: Record<string, string>;
  file: { name: string; type: string; data: Buffer };
}

interface Row {
  route: `${Method} /api/${string}` | `${Method} /fhir/${string}`;
  /**
   * A valid request (concrete url and body), so that an allowed call succeeds and a denied one is refused for its
   * role alone. `allowed` says whether the route's declared access lets the caller in (targets that a call uses up
   * are taken only for those).
   */
  request: (n: number, caller: Caller, allowed: boolean) => { url: string; body?: unknown; upload?: Upload };
}

const IMPORT_FILE = fileURLToPath(new URL('../src/catalogue/import/fixtures/catalogue-small.xml', import.meta.url));

/** Ids the requests refer to; filled in beforeAll. */
const fx = {
  careProviderId: '',
  deliveryAreaId: '',
  customerId: '',
  ownCustomerId: '',
  newsId: '',
  /** System clients: one that gets a second secret (and has its first revoked), one revoked whole. */
  systemClientId: '',
  systemClientSecretId: '',
  revocableClientId: '',
  /** A webhook of fx.systemClientId that the allowed caller revokes. */
  webhookId: '',
  /** A user only systemAdmin acts on (edited, inactivated, given a password). */
  targetUserId: '',
  /** A user localSupport may read: member of the same customer as the callers. */
  readableUserId: '',
  /** Access applications for the callers' customer: one read, one approved and one refused by the allowed caller. */
  applicationReadableId: '',
  applicationApproveId: '',
  applicationRefuseId: '',
  roleUsers: {} as Record<Role, string>,
  /** A published main article, an accessory, and media of the main article. */
  articleId: '',
  articleVersion: 1,
  accessoryId: '',
  mediaId: '',
  /** Media ids, one used up by each allowed DELETE. */
  mediaPool: [] as string[],
  png: Buffer.alloc(0),
  /** A validated import, and validated imports, one published by each allowed call. */
  importId: '',
  importPool: [] as string[],
  /** A demo patient the prescriber and orderer callers have declared a care relationship with today. */
  patientId: '',
  /** Orders: one submitted by the prescriber (visible to the orderer too), with an attachment and a message for each ordering user. */
  orderId: '',
  attachmentId: '',
  /** An article only the order rows use (other rows edit fx.articleId). */
  orderArticleId: '',
  /** Per ordering caller: drafts of their own to save, submit, delete, attach to, and remove an attachment from. */
  own: {} as Record<
    string,
    { save: string; submit: string; remove: string; attach: string; detach: string; attachment: string; message: string; followUp: string }
  >,
};
/** The caller's own fixture, or the prescriber's for callers who are refused anyway. */
const own = (caller: Caller) => fx.own[caller] ?? fx.own.prescriber!;

const careProviderBody = (org: string) => ({ name: 'Behörighetstest vårdgivare', kind: 'private', organisationNumber: org, municipalityCode: null });
const systemClientBody = (name: string) => ({ name, careProviderId: fx.careProviderId, customerIds: [fx.customerId], roles: ['orderer'] });
const customerBody = (customerNumber: string) => ({
  careProviderId: fx.careProviderId,
  customerNumber,
  name: `Behörighetskund ${customerNumber}`,
  payer: 'Behörighetstest vårdgivare',
  costCentre: 'KST-1',
  deliveryAreaId: fx.deliveryAreaId,
  addresses: [{ label: 'Huvudadress', street: 'Provgatan 1', postalCode: '990 99', city: 'Norrvik', isDefault: true }],
  bufferStores: [],
});

/** The provision side's fixtures; pools hold one fresh target per call (each row is called once per caller). */
let pickUpFixtures: PickUpPermissionFixtures | null = null;
/** Work orders: a fresh target per allowed caller; denied callers are refused by role before the target is read. */
let workOrderFixtures: WorkOrderPermissionFixtures | null = null;
const woTarget = (pool: keyof Omit<WorkOrderPermissionFixtures, 'any' | 'quotePending'>, allowed: boolean): WorkOrderRef =>
  allowed ? workOrderFixtures![pool].shift()! : { id: workOrderFixtures!.any, version: 1 };
const woStep = (path: string, pool: Parameters<typeof woTarget>[0], body: Record<string, unknown> = {}): Row => ({
  route: `POST /api/provision/work-orders/:id/${path}`,
  request: (_n, _caller, allowed) => {
    const w = woTarget(pool, allowed);
    return { url: `/api/provision/work-orders/${w.id}/${path}`, body: { version: w.version, ...body } };
  },
});
const pu = () => pickUpFixtures!;
/** Delivery runs (src/provision/transport): today's run of Centralorten with stops to move, remove and confirm. */
let transportFixtures: TransportPermissionFixtures | null = null;
const tr = () => transportFixtures!;
/** A fresh target for a caller the row allows; callers it denies share the pool's last one (refused before it is touched). */
const take = <T>(pool: T[], allowed: boolean): T => (allowed ? pool.shift()! : pool.at(-1)!);
const px = {
  warehouseId: '',
  articleId: '',
  articleNumber: '',
  stockArticleId: '',
  orderId: '',
  lineId: '',
  unitId: '',
  plannedDate: '',
  cancelPool: [] as string[],
  urgentPool: [] as string[],
  plannedPool: [] as string[],
  reservePool: [] as string[],
  releasePool: [] as string[],
  deliverPool: [] as string[],
  writeOffPool: [] as string[],
  /** Units in stock, one inspected by each allowed call (issue 19 item 1). */
  inspectPool: [] as string[],
  /** A received order that names an attachment of the ordering side (fx.attachmentId). */
  attachmentOrderId: '',
};

/** The FHIR facade (src/fhir): an order line of the demo patient the ordering callers may read, and a unit delivered to them. */
const hx = {
  lineId: '',
  unitNumber: '',
};

/** Reports and buffer stores (src/provision/reports, src/provision/buffers): one target each; denied callers are refused before the target is read. */
const rx = {
  caseId: '',
  answer: {} as Partial<Record<Caller, string>>,
  lostOrderId: '',
  /** A customer order with a unit delivered (its hand-over receipt). */
  deliveredOrderId: '',
  reRegisterLineId: '',
  reRegisterVersion: 1,
  bufferStoreId: '',
  /** The delivery area of customer 20101 (its refill proposals are made by the calls) and an empty proposal elsewhere. */
  areaId: '',
  proposalId: '',
};

/**
 * Purchasing (src/provision/purchasing): an agreement with an orderable article, and purchase orders in each state a
 * step needs. Only the warehouse writes: each pool holds a fresh target for it (denied callers are refused first).
 */
const qx = {
  agreementId: '',
  termsVersion: 1,
  warehouseId: '',
  articleId: '',
  stockArticleId: '',
  readId: '',
  editId: '',
  sendPool: [] as string[],
  cancelPool: [] as string[],
  buyPool: [] as string[],
  confirm: { id: '', version: 0 },
  receive: { id: '', version: 0, lineId: '' },
  close: { id: '', version: 0, lineId: '' },
};

/** Billing (src/billing/roles.ts). */
/** A closed October with one line of customer 20101 (the callers' customer), and a cost rule per editor. */
const bx = { lineId: 0, rules: {} as Partial<Record<Caller, string>> };
/** Support tickets: each caller's own (with an attachment), one the staff note and set, and one per staff caller to escalate and to send back. */
const sx = {
  own: {} as Partial<Record<Caller, string>>,
  attachment: {} as Partial<Record<Caller, string>>,
  shared: '',
  escalate: {} as Partial<Record<Caller, string>>,
  back: {} as Partial<Record<Caller, string>>,
};
/** Change proposals (each caller's own, one the group prepares and decides) and test rounds (every role user a tester). */
const gx = { own: {} as Partial<Record<Caller, string>>, shared: '', roundId: '', caseId: '', signOffRoundId: '' };
const PNG_BYTES = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.alloc(64),
]);
const costRuleBody = (name: string) => ({
  name,
  priority: 50,
  maxPatientAge: 17,
  isoCodePrefix: null,
  homeMunicipalityCode: null,
  payerCustomerNumber: '10104',
  validFrom: '2026-01-01',
  validTo: null,
  active: true,
});

const table: Row[] = [
  // Public: the login page needs these before anyone is logged in.
  { route: 'GET /api/health', request: () => ({ url: '/api/health' }) },
  { route: 'GET /api/ready', request: () => ({ url: '/api/ready' }) },
  { route: 'GET /api/auth/session', request: () => ({ url: '/api/auth/session' }) },
  { route: 'GET /api/auth/config', request: () => ({ url: '/api/auth/config' }) },
  // SITHS login's browser routes: a redirect for everyone (here, SITHS not configured: back to the login page).
  { route: 'GET /api/auth/oidc/start', request: () => ({ url: '/api/auth/oidc/start' }) },
  { route: 'GET /api/auth/oidc/callback', request: () => ({ url: '/api/auth/oidc/callback?code=x&state=y' }) },
  {
    route: 'POST /api/auth/login',
    request: () => ({ url: '/api/auth/login', body: { username: 'perm.prescriber', password: DEMO_PASSWORD } }),
  },

  // Any logged-in user: one's own session and profile, and the organisation data order forms need.
  { route: 'POST /api/auth/logout', request: () => ({ url: '/api/auth/logout', body: {} }) },
  { route: 'GET /api/me', request: () => ({ url: '/api/me' }) },
  { route: 'PATCH /api/me', request: () => ({ url: '/api/me', body: { phone: '070-123 45 67' } }) },
  {
    route: 'POST /api/me/password',
    request: () => ({ url: '/api/me/password', body: { currentPassword: DEMO_PASSWORD, newPassword: 'rektangel-pelargon-sjusovare' } }),
  },
  { route: 'GET /api/care-providers', request: () => ({ url: '/api/care-providers' }) },
  { route: 'GET /api/delivery-areas', request: () => ({ url: '/api/delivery-areas' }) },
  { route: 'GET /api/customers', request: () => ({ url: '/api/customers' }) },
  { route: 'GET /api/customers/:id', request: () => ({ url: `/api/customers/${fx.ownCustomerId}` }) },
  { route: 'GET /api/news', request: () => ({ url: '/api/news' }) },
  // The user handbook (docs/handbok): open to everyone, every role's part.
  { route: 'GET /api/handbook/:doc', request: () => ({ url: '/api/handbook/index' }) },
  { route: 'GET /api/handbook/bilder/:name', request: () => ({ url: '/api/handbook/bilder/forskrivare-startsida.png' }) },

  // Support tickets: anyone raises and follows their own; local support, the centre's support and system management handle them.
  {
    route: 'POST /api/support/tickets',
    request: (n) => ({ url: '/api/support/tickets', body: { subject: `Behörighet ${n}`, description: 'Test', pageUrl: '/start', userAgent: 'vitest' } }),
  },
  {
    route: 'POST /api/support/tickets/register',
    request: (n) => ({
      url: '/api/support/tickets/register',
      body: { subject: `Telefon ${n}`, description: 'Test', channel: 'phone', requesterName: 'Ringande Person' },
    }),
  },
  { route: 'GET /api/support/tickets', request: () => ({ url: '/api/support/tickets' }) },
  // Change proposals: anyone proposes and follows their own; the preparation group prepares and decides.
  {
    route: 'POST /api/proposals',
    request: (n) => ({ url: '/api/proposals', body: { kind: 'feedback', title: `Förslag ${n}`, description: 'Test' } }),
  },
  { route: 'GET /api/proposals', request: () => ({ url: '/api/proposals' }) },
  { route: 'GET /api/proposals/:id', request: (_n, c) => ({ url: `/api/proposals/${gx.own[c] ?? gx.shared}` }) },
  {
    route: 'PUT /api/proposals/:id/preparation',
    request: () => ({ url: `/api/proposals/${gx.shared}/preparation`, body: { costEstimateKr: 30000, usableBySeveralCustomers: true } }),
  },
  {
    route: 'POST /api/proposals/:id/decisions',
    request: () => ({
      url: `/api/proposals/${gx.shared}/decisions`,
      body: { decision: 'toCouncil', decisionDate: '2026-12-01', minutes: 'Till ledningsrådet' },
    }),
  },
  // Upgrade test rounds: the function coordinator plans and signs off; assigned testers (here every role user) run the cases.
  {
    route: 'POST /api/test-rounds',
    request: () => ({
      url: '/api/test-rounds',
      body: {
        release: '9.9',
        plannedDate: '2027-01-01',
        cases: [{ title: 'Fall', steps: 'Steg', expectedResult: 'Resultat' }],
        testerUserIds: [fx.roleUsers.prescriber],
      },
    }),
  },
  { route: 'GET /api/test-rounds/tester-candidates', request: () => ({ url: '/api/test-rounds/tester-candidates' }) },
  { route: 'GET /api/test-rounds', request: () => ({ url: '/api/test-rounds' }) },
  { route: 'GET /api/test-rounds/:id', request: () => ({ url: `/api/test-rounds/${gx.roundId}` }) },
  {
    route: 'POST /api/test-rounds/:id/cases/:caseId/results',
    request: () => ({ url: `/api/test-rounds/${gx.roundId}/cases/${gx.caseId}/results`, body: { outcome: 'pass' } }),
  },
  {
    route: 'POST /api/test-rounds/:id/sign-off',
    request: () => ({ url: `/api/test-rounds/${gx.signOffRoundId}/sign-off`, body: {} }),
  },
  {
    route: 'GET /api/quality/figures',
    request: () => ({ url: '/api/quality/figures?from=2026-01&to=2026-12' }),
  },
  { route: 'GET /api/quality/quarterly', request: () => ({ url: '/api/quality/quarterly?quarter=2026-K4' }) },
  {
    route: 'GET /api/quality/quarterly.pdf',
    request: () => ({ url: '/api/quality/quarterly.pdf?quarter=2026-K4' }),
  },
  {
    route: 'GET /api/quality/quarterly.xlsx',
    request: () => ({ url: '/api/quality/quarterly.xlsx?quarter=2026-K4' }),
  },
  { route: 'GET /api/support/tickets/:id', request: (_n, c) => ({ url: `/api/support/tickets/${sx.own[c] ?? sx.shared}` }) },
  {
    route: 'POST /api/support/tickets/:id/replies',
    request: (_n, c) => ({ url: `/api/support/tickets/${sx.own[c] ?? sx.shared}/replies`, body: { body: 'Svar' } }),
  },
  {
    route: 'POST /api/support/tickets/:id/notes',
    request: () => ({ url: `/api/support/tickets/${sx.shared}/notes`, body: { body: 'Anteckning' } }),
  },
  {
    route: 'POST /api/support/tickets/:id/escalate',
    request: (_n, c) => ({ url: `/api/support/tickets/${sx.escalate[c] ?? sx.shared}/escalate`, body: { note: 'Upp' } }),
  },
  {
    route: 'POST /api/support/tickets/:id/return',
    request: (_n, c) => ({ url: `/api/support/tickets/${sx.back[c] ?? sx.shared}/return`, body: { note: 'Ner' } }),
  },
  {
    route: 'POST /api/support/tickets/:id/status',
    request: () => ({ url: `/api/support/tickets/${sx.shared}/status`, body: { status: 'open' } }),
  },
  {
    route: 'POST /api/support/tickets/:id/attachments',
    request: (_n, c) => ({
      url: `/api/support/tickets/${sx.own[c] ?? sx.shared}/attachments`,
      upload: { fields: {}, file: { name: 'bild.png', type: 'image/png', data: PNG_BYTES } },
    }),
  },
  {
    route: 'GET /api/support/tickets/:id/attachments/:attachmentId',
    request: (_n, c) => ({ url: `/api/support/tickets/${sx.own[c] ?? sx.shared}/attachments/${sx.attachment[c] ?? sx.attachment.systemAdmin}` }),
  },

  // System administration only.
  {
    route: 'POST /api/care-providers',
    request: (n) => ({ url: '/api/care-providers', body: careProviderBody(`700000-${String(n).padStart(4, '0')}`) }),
  },
  {
    route: 'PUT /api/care-providers/:id',
    request: () => ({ url: `/api/care-providers/${fx.careProviderId}`, body: careProviderBody('699999-0001') }),
  },
  {
    route: 'POST /api/delivery-areas',
    request: (n) => ({ url: '/api/delivery-areas', body: { name: `Behörighetsområde ${n}`, weekday: 3 } }),
  },
  {
    route: 'PUT /api/delivery-areas/:id',
    request: () => ({ url: `/api/delivery-areas/${fx.deliveryAreaId}`, body: { name: 'Behörighetsområdet', weekday: 2 } }),
  },
  { route: 'POST /api/customers', request: (n) => ({ url: '/api/customers', body: customerBody(`P${n}`) }) },
  { route: 'PUT /api/customers/:id', request: () => ({ url: `/api/customers/${fx.customerId}`, body: customerBody('P0') }) },
  {
    route: 'POST /api/users',
    request: (n) => ({
      url: '/api/users',
      body: {
        username: `perm.new.${n}`,
        firstName: 'Ny',
        lastName: 'Användare',
        roles: ['orderer'],
        memberships: [{ customerId: fx.ownCustomerId, isDefault: true }],
      },
    }),
  },
  { route: 'PATCH /api/users/:id', request: () => ({ url: `/api/users/${fx.targetUserId}`, body: { phone: '070-765 43 21' } }) },
  { route: 'POST /api/users/:id/activate', request: () => ({ url: `/api/users/${fx.targetUserId}/activate`, body: {} }) },
  { route: 'POST /api/users/:id/inactivate', request: () => ({ url: `/api/users/${fx.targetUserId}/inactivate`, body: {} }) },
  {
    route: 'POST /api/users/:id/password',
    request: () => ({ url: `/api/users/${fx.targetUserId}/password`, body: { password: 'ett-nytt-langt-losenord' } }),
  },
  { route: 'GET /api/audit', request: () => ({ url: '/api/audit?limit=5' }) },
  { route: 'GET /api/audit/actions', request: () => ({ url: '/api/audit/actions' }) },
  // The log searched by patient (issue 16 item 13): the personnummer in the body.
  { route: 'POST /api/audit/search', request: () => ({ url: '/api/audit/search?limit=5', body: { patient: '19121212-1212' } }) },
  // PDL log review and the patient's extract (issue 13 items 4, 5): the care provider's log reviewer only (system
  // administration searches the whole log at /api/audit but has no care provider to hand an extract out for).
  { route: 'GET /api/log-review/report', request: () => ({ url: '/api/log-review/report?from=2026-11-01&to=2026-11-30' }) },
  { route: 'GET /api/log-review/report.xlsx', request: () => ({ url: '/api/log-review/report.xlsx?from=2026-11-01&to=2026-11-30' }) },
  { route: 'GET /api/log-review/report.pdf', request: () => ({ url: '/api/log-review/report.pdf?from=2026-11-01&to=2026-11-30' }) },
  { route: 'GET /api/log-review/sign-offs', request: () => ({ url: '/api/log-review/sign-offs' }) },
  {
    route: 'POST /api/log-review/sign-offs',
    request: (n) => {
      const day = new Date(Date.UTC(2001, 0, 1 + n)).toISOString().slice(0, 10);
      return { url: '/api/log-review/sign-offs', body: { from: day, to: day } };
    },
  },
  {
    route: 'POST /api/log-review/access-extract',
    request: () => ({ url: '/api/log-review/access-extract', body: { personnummer: DEMO_PATIENTS.ordinary, from: '2026-01-01', to: '2026-12-31' } }),
  },
  { route: 'GET /api/admin/outgoing-mail', request: () => ({ url: '/api/admin/outgoing-mail?limit=5' }) },
  // Access applications: local support applies for its care provider's workplaces; system administration decides.
  {
    route: 'POST /api/access-applications',
    request: (n) => ({ url: '/api/access-applications', body: applicationBody(`perm.ansokan.${n}@example.se`) }),
  },
  { route: 'GET /api/access-applications', request: () => ({ url: '/api/access-applications?limit=5' }) },
  { route: 'GET /api/access-applications/:id', request: () => ({ url: `/api/access-applications/${fx.applicationReadableId}` }) },
  {
    route: 'GET /api/access-applications/registration-statistics',
    request: () => ({ url: '/api/access-applications/registration-statistics?from=2026-01&to=2026-12' }),
  },
  {
    route: 'POST /api/access-applications/:id/approve',
    request: () => ({ url: `/api/access-applications/${fx.applicationApproveId}/approve`, body: {} }),
  },
  {
    route: 'POST /api/access-applications/:id/refuse',
    request: () => ({ url: `/api/access-applications/${fx.applicationRefuseId}/refuse`, body: { reason: 'Behörighetstestet avslår' } }),
  },
  { route: 'GET /api/admin/settings', request: () => ({ url: '/api/admin/settings' }) },
  {
    route: 'PUT /api/admin/settings/:key',
    request: () => ({ url: '/api/admin/settings/accessApplications.targetDays', body: { value: 7 } }),
  },
  { route: 'GET /api/system-clients', request: () => ({ url: '/api/system-clients' }) },
  {
    route: 'POST /api/system-clients',
    request: (n) => ({ url: '/api/system-clients', body: systemClientBody(`Behörighetsklient ${n}`) }),
  },
  {
    route: 'POST /api/system-clients/:id/secrets',
    request: () => ({ url: `/api/system-clients/${fx.systemClientId}/secrets`, body: {} }),
  },
  {
    route: 'POST /api/system-clients/:id/secrets/:secretId/revoke',
    request: () => ({ url: `/api/system-clients/${fx.systemClientId}/secrets/${fx.systemClientSecretId}/revoke`, body: {} }),
  },
  {
    route: 'POST /api/system-clients/:id/revoke',
    request: () => ({ url: `/api/system-clients/${fx.revocableClientId}/revoke`, body: {} }),
  },
  // A client's webhooks (src/contract/webhooks): system administration's; the feed and a client's own list (a person has none) the ordering roles'.
  { route: 'GET /api/system-clients/:id/webhooks', request: () => ({ url: `/api/system-clients/${fx.systemClientId}/webhooks` }) },
  {
    route: 'POST /api/system-clients/:id/webhooks',
    request: () => ({ url: `/api/system-clients/${fx.systemClientId}/webhooks`, body: { url: 'https://journal.example.se/bista/handelser' } }),
  },
  {
    route: 'POST /api/system-clients/:id/webhooks/:webhookId/revoke',
    request: () => ({ url: `/api/system-clients/${fx.systemClientId}/webhooks/${fx.webhookId}/revoke`, body: {} }),
  },
  { route: 'GET /api/contract/v1/events', request: () => ({ url: '/api/contract/v1/events?limit=10' }) },
  { route: 'GET /api/contract/v1/webhooks', request: () => ({ url: '/api/contract/v1/webhooks' }) },

  // Users: systemAdmin, and the workplace's local support (scoped to its care providers, tested below).
  { route: 'GET /api/users', request: () => ({ url: '/api/users?limit=5' }) },
  { route: 'GET /api/users/:id', request: () => ({ url: `/api/users/${fx.readableUserId}` }) },

  // Operational news: published by the centre's editors.
  {
    route: 'POST /api/news',
    request: (n) => ({ url: '/api/news', body: { title: `Behörighetstest ${n}`, body: 'Publicerad av behörighetstestet.' } }),
  },
  { route: 'GET /api/news/manage', request: () => ({ url: '/api/news/manage' }) },
  { route: 'POST /api/news/:id/withdraw', request: () => ({ url: `/api/news/${fx.newsId}/withdraw`, body: {} }) },

  // The article register: everyone logged in reads it (the ordering side only what is published); the
  // assortment role edits it; the centre sees an article's change history.
  { route: 'GET /api/catalogue/iso', request: () => ({ url: '/api/catalogue/iso?parent=12' }) },
  { route: 'GET /api/catalogue/iso/map', request: () => ({ url: '/api/catalogue/iso/map?from=2011&code=12%2022%2003' }) },
  { route: 'GET /api/catalogue/iso/:code', request: () => ({ url: '/api/catalogue/iso/12%2022%2003' }) },
  { route: 'GET /api/catalogue/articles/search', request: () => ({ url: '/api/catalogue/articles/search?q=rullstol' }) },
  { route: 'GET /api/catalogue/articles/:id', request: () => ({ url: `/api/catalogue/articles/${fx.articleId}` }) },
  { route: 'GET /api/catalogue/suppliers', request: () => ({ url: '/api/catalogue/suppliers' }) },
  {
    route: 'POST /api/catalogue/articles',
    request: (n) => ({ url: '/api/catalogue/articles', body: { name: `Behörighetsartikel ${n}`, articleType: 'H', chargingForm: 'sale' } }),
  },
  {
    route: 'PATCH /api/catalogue/articles/:id',
    request: () => ({ url: `/api/catalogue/articles/${fx.articleId}`, body: { version: fx.articleVersion } }),
  },
  {
    route: 'PUT /api/catalogue/articles/:id/fits',
    request: () => ({ url: `/api/catalogue/articles/${fx.accessoryId}/fits`, body: { mainIds: [fx.articleId] } }),
  },
  {
    route: 'POST /api/catalogue/articles/:id/prices',
    // General price versions (the customers' rent and sale price): assortment and finance (issue 12); agreed prices: assortment only (src/catalogue/articles/articles.test.ts).
    request: (n) => ({
      url: `/api/catalogue/articles/${fx.articleId}/prices`,
      body: { kind: 'general', amount: 100 + n, validFrom: new Date(Date.UTC(2030, 0, 1) + n * 86_400_000).toISOString().slice(0, 10) },
    }),
  },
  { route: 'GET /api/catalogue/articles/:id/history', request: () => ({ url: `/api/catalogue/articles/${fx.articleId}/history` }) },
  { route: 'GET /api/catalogue/articles/:id/media', request: () => ({ url: `/api/catalogue/articles/${fx.articleId}/media` }) },
  { route: 'GET /api/catalogue/media/:id', request: () => ({ url: `/api/catalogue/media/${fx.mediaId}` }) },
  { route: 'GET /api/catalogue/media/:id/thumbnail', request: () => ({ url: `/api/catalogue/media/${fx.mediaId}/thumbnail` }) },
  {
    route: 'POST /api/catalogue/articles/:id/media',
    request: (n) => ({
      url: `/api/catalogue/articles/${fx.articleId}/media`,
      // Each upload differs by one byte of trailing data, so none is a duplicate of another.
      upload: {
        fields: { kind: 'image', title: `Bild ${n}` },
        file: { name: 'bild.png', type: 'image/png', data: Buffer.concat([fx.png, Buffer.from([n % 256, n >> 8])]) },
      },
    }),
  },
  {
    route: 'PATCH /api/catalogue/media/:id',
    request: () => ({ url: `/api/catalogue/media/${fx.mediaId}`, body: { title: 'Ny titel' } }),
  },
  { route: 'DELETE /api/catalogue/media/:id', request: () => ({ url: `/api/catalogue/media/${fx.mediaPool.shift()}` }) },

  // Catalogue imports: the assortment role, and system administration (which runs the national import).
  {
    route: 'POST /api/catalogue/imports',
    request: () => ({
      url: '/api/catalogue/imports',
      upload: { fields: {}, file: { name: 'katalog.xml', type: 'application/xml', data: fs.readFileSync(IMPORT_FILE) } },
    }),
  },
  { route: 'GET /api/catalogue/imports', request: () => ({ url: '/api/catalogue/imports' }) },
  { route: 'GET /api/catalogue/imports/template.xlsx', request: () => ({ url: '/api/catalogue/imports/template.xlsx' }) },
  { route: 'GET /api/catalogue/imports/:id', request: () => ({ url: `/api/catalogue/imports/${fx.importId}` }) },
  {
    route: 'POST /api/catalogue/imports/:id/publish',
    request: () => ({ url: `/api/catalogue/imports/${fx.importPool.shift()}/publish`, body: {} }),
  },

  // Patients (ordering side): prescribers and orderers look patients up, declare the care relationship, read them.
  { route: 'POST /api/patients/lookup', request: () => ({ url: '/api/patients/lookup', body: { identifier: DEMO_PATIENTS.ordinary } }) },
  {
    route: 'POST /api/patients/:id/care-relationship',
    request: () => ({ url: `/api/patients/${fx.patientId}/care-relationship`, body: {} }),
  },
  { route: 'GET /api/patients/:id', request: () => ({ url: `/api/patients/${fx.patientId}` }) },

  // Orders (ordering side): prescribers and orderers; drafts are the author's own.
  { route: 'GET /api/ordering/order-types', request: () => ({ url: '/api/ordering/order-types' }) },
  { route: 'GET /api/orders', request: () => ({ url: '/api/orders?scope=customer' }) },
  {
    route: 'POST /api/orders',
    request: () => ({ url: '/api/orders', body: { orderType: 'customerOrder', customerId: fx.ownCustomerId, patientId: fx.patientId } }),
  },
  { route: 'GET /api/orders/:id', request: () => ({ url: `/api/orders/${fx.orderId}` }) },
  { route: 'GET /api/orders/:id/confirmation.pdf', request: () => ({ url: `/api/orders/${fx.orderId}/confirmation.pdf` }) },
  {
    route: 'PUT /api/orders/:id',
    request: (_n, caller) => ({
      url: `/api/orders/${own(caller).save}`,
      body: {
        version: 1,
        customerId: fx.ownCustomerId,
        patientId: fx.patientId,
        delivery: { kind: 'patientAddress' },
        lines: [{ articleId: fx.orderArticleId }],
      },
    }),
  },
  { route: 'DELETE /api/orders/:id', request: (_n, caller) => ({ url: `/api/orders/${own(caller).remove}` }) },
  { route: 'POST /api/orders/:id/submit', request: (_n, caller) => ({ url: `/api/orders/${own(caller).submit}/submit`, body: {} }) },
  { route: 'POST /api/orders/:id/cancel', request: () => ({ url: `/api/orders/${fx.orderId}/cancel`, body: {} }) },
  {
    route: 'POST /api/orders/:id/estimate',
    request: (_n, caller) => ({ url: `/api/orders/${own(caller).save}/estimate`, body: { lines: [{ articleId: fx.orderArticleId, quantity: 1 }] } }),
  },
  { route: 'POST /api/orders/:id/reorder', request: () => ({ url: `/api/orders/${fx.orderId}/reorder`, body: {} }) },
  { route: 'GET /api/ordering/favourites', request: () => ({ url: '/api/ordering/favourites' }) },
  { route: 'PUT /api/ordering/favourites/:articleId', request: () => ({ url: `/api/ordering/favourites/${fx.orderArticleId}`, body: {} }) },
  { route: 'DELETE /api/ordering/favourites/:articleId', request: () => ({ url: `/api/ordering/favourites/${fx.orderArticleId}` }) },
  { route: 'GET /api/ordering/prescription-classes', request: () => ({ url: '/api/ordering/prescription-classes' }) },
  {
    route: 'PUT /api/ordering/prescription-classes/:prefix',
    request: () => ({
      url: '/api/ordering/prescription-classes/99%2099',
      body: { titleSv: 'Behörighetsklass', titleEn: 'Permission class', aimRequired: false, measurements: [] },
    }),
  },
  { route: 'GET /api/ordering/follow-ups', request: () => ({ url: '/api/ordering/follow-ups' }) },
  {
    route: 'POST /api/ordering/follow-ups/:id/done',
    request: (_n, caller) => ({ url: `/api/ordering/follow-ups/${own(caller).followUp}/done`, body: { note: 'Behörighetstest' } }),
  },
  {
    route: 'POST /api/orders/:id/quote-answer',
    request: (_n, _caller, allowed) => ({
      url: `/api/orders/${allowed ? workOrderFixtures!.quotePending.shift() : workOrderFixtures!.any}/quote-answer`,
      body: { approved: true },
    }),
  },
  {
    route: 'POST /api/orders/:id/attachments',
    request: (_n, caller) => ({
      url: `/api/orders/${own(caller).attach}/attachments`,
      upload: { fields: { kind: 'instruction' }, file: { name: 'instruktion.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4\n%perm\n') } },
    }),
  },
  {
    route: 'GET /api/orders/:id/attachments/:attachmentId',
    request: () => ({ url: `/api/orders/${fx.orderId}/attachments/${fx.attachmentId}` }),
  },
  {
    route: 'DELETE /api/orders/:id/attachments/:attachmentId',
    request: (_n, caller) => ({ url: `/api/orders/${own(caller).detach}/attachments/${own(caller).attachment}` }),
  },
  { route: 'GET /api/patients/:id/overview', request: () => ({ url: `/api/patients/${fx.patientId}/overview` }) },
  { route: 'GET /api/messages', request: () => ({ url: '/api/messages' }) },
  { route: 'POST /api/messages/:id/read', request: (_n, caller) => ({ url: `/api/messages/${own(caller).message}/read`, body: {} }) },

  // Billing (fakturering): finance runs, previews, closes and corrects months and reads every basis; the
  // service price list and the cost rules are kept by finance and assortment; a customer's own users read
  // their own customer numbers' bases (scope tested in src/billing/basis/basis.test.ts).
  { route: 'GET /api/billing/service-prices', request: () => ({ url: '/api/billing/service-prices' }) },
  {
    route: 'POST /api/billing/service-prices',
    request: (n) => ({
      url: '/api/billing/service-prices',
      body: { code: 'urgentFee', amount: 500, validFrom: new Date(Date.UTC(2030, 0, 1) + n * 86_400_000).toISOString().slice(0, 10) },
    }),
  },
  { route: 'GET /api/billing/settings', request: () => ({ url: '/api/billing/settings' }) },
  { route: 'PUT /api/billing/settings', request: () => ({ url: '/api/billing/settings', body: { proration: 'day' } }) },
  { route: 'GET /api/billing/cost-rules', request: () => ({ url: '/api/billing/cost-rules' }) },
  {
    route: 'POST /api/billing/cost-rules',
    request: (n) => ({ url: '/api/billing/cost-rules', body: costRuleBody(`Behörighetsregel ${n}`) }),
  },
  {
    route: 'PUT /api/billing/cost-rules/:id',
    request: (_n, caller) => ({
      url: `/api/billing/cost-rules/${bx.rules[caller] ?? bx.rules.finance}`,
      body: { ...costRuleBody('Ändrad regel'), version: 1 },
    }),
  },
  { route: 'GET /api/billing/months', request: () => ({ url: '/api/billing/months' }) },
  // Run before close: the run makes November's draft version 2, which the close names.
  { route: 'POST /api/billing/months/:period/run', request: () => ({ url: '/api/billing/months/2026-11/run', body: {} }) },
  { route: 'GET /api/billing/months/:period', request: () => ({ url: '/api/billing/months/2026-10' }) },
  {
    route: 'POST /api/billing/months/:period/close',
    request: () => ({ url: '/api/billing/months/2026-11/close', body: { version: 2 } }),
  },
  {
    route: 'POST /api/billing/lines/:id/correct',
    request: () => ({ url: `/api/billing/lines/${bx.lineId}/correct`, body: { creditOnly: true, comment: 'Behörighetstest' } }),
  },
  { route: 'GET /api/billing/bases', request: () => ({ url: '/api/billing/bases' }) },
  { route: 'GET /api/billing/bases/:period/:customerNumber/:format', request: () => ({ url: '/api/billing/bases/2026-10/20101/csv' }) },
  { route: 'GET /api/billing/months/:period/summary.xlsx', request: () => ({ url: '/api/billing/months/2026-10/summary.xlsx' }) },
  {
    route: 'GET /api/billing/months/:period/lines',
    request: () => ({ url: '/api/billing/months/2026-10/lines?customerNumber=20101' }),
  },
  { route: 'GET /api/billing/months/:period/run-progress', request: () => ({ url: '/api/billing/months/2026-10/run-progress' }) },
  { route: 'GET /api/billing/customer-contacts', request: () => ({ url: '/api/billing/customer-contacts' }) },
  {
    route: 'PUT /api/billing/customer-contacts',
    request: () => ({ url: '/api/billing/customer-contacts', body: { customerNumber: '20101', email: 'faktura@example.se' } }),
  },
  // The IT cost is entered before its split is read.
  {
    route: 'PUT /api/billing/it-costs/:from/:to',
    request: () => ({ url: '/api/billing/it-costs/2026-10/2026-10', body: { amount: 1000 } }),
  },
  { route: 'GET /api/billing/it-costs', request: () => ({ url: '/api/billing/it-costs' }) },
  { route: 'GET /api/billing/it-costs/:from/:to/split', request: () => ({ url: '/api/billing/it-costs/2026-10/2026-10/split' }) },
  {
    route: 'GET /api/billing/it-costs/:from/:to/split.xlsx',
    request: () => ({ url: '/api/billing/it-costs/2026-10/2026-10/split.xlsx' }),
  },
  // Cost statistics and the customer API (v1): the bases' scope (tested in src/billing/customer-api/after-close.test.ts).
  { route: 'GET /api/billing/statistics', request: () => ({ url: '/api/billing/statistics?from=2026-01&to=2026-12' }) },
  { route: 'GET /api/billing/statistics.xlsx', request: () => ({ url: '/api/billing/statistics.xlsx?from=2026-01&to=2026-12' }) },
  { route: 'GET /api/billing/v1/bases', request: () => ({ url: '/api/billing/v1/bases?period=2026-10' }) },
  {
    route: 'GET /api/billing/v1/bases/:period/:customerNumber/:format',
    request: () => ({ url: '/api/billing/v1/bases/2026-10/20101/csv' }),
  },

  // The provision side (the centre). Contract messages come from the ordering side's users; the centre's
  // staff work their queues (customer service all of them); the warehouse receives, picks and delivers;
  // every centre role reads units and stock; region settings are system administration's.
  {
    route: 'POST /api/contract/v1/messages',
    request: () => {
      // No patient: naming one needs the caller's care relationship with them (src/provision/intake/submit-over-rest.test.ts).
      const m = submitMessage({ customerNumber: '20101', patient: null, lines: [{ articleNumber: px.articleNumber }] });
      m.order.delivery = { kind: 'none' };
      return { url: '/api/contract/v1/messages', body: m };
    },
  },
  // Each handler reads the queue of their own role (customer service every queue): the use case checks which.
  {
    route: 'GET /api/provision/queues/:queue',
    request: (_n, caller) => ({ url: `/api/provision/queues/${['warehouse', 'technician', 'consultant'].includes(caller) ? caller : 'customerService'}` }),
  },
  { route: 'GET /api/provision/orders/:id', request: () => ({ url: `/api/provision/orders/${px.orderId}` }) },
  {
    route: 'GET /api/provision/orders/:id/handover-receipt.pdf',
    request: () => ({ url: `/api/provision/orders/${rx.deliveredOrderId}/handover-receipt.pdf` }),
  },
  {
    route: 'GET /api/provision/orders/:id/attachments/:attachmentId',
    request: () => ({ url: `/api/provision/orders/${px.attachmentOrderId}/attachments/${fx.attachmentId}` }),
  },
  {
    route: 'POST /api/provision/orders/:id/cancel',
    request: () => ({ url: `/api/provision/orders/${px.cancelPool.shift()}/cancel`, body: { reason: 'requestedByCustomer' } }),
  },
  {
    route: 'POST /api/provision/orders/:id/acknowledge',
    request: () => ({ url: `/api/provision/orders/${px.urgentPool.shift()}/acknowledge`, body: {} }),
  },
  {
    route: 'POST /api/provision/lines/:id/planned-date',
    request: () => ({ url: `/api/provision/lines/${px.plannedPool.shift()}/planned-date`, body: { version: 1, plannedDate: px.plannedDate } }),
  },
  {
    route: 'GET /api/provision/lines/:id/suggestions',
    request: () => ({ url: `/api/provision/lines/${px.lineId}/suggestions` }),
  },
  {
    route: 'POST /api/provision/lines/:id/reserve',
    request: () => ({ url: `/api/provision/lines/${px.reservePool.shift()}/reserve`, body: { version: 1 } }),
  },
  {
    route: 'POST /api/provision/lines/:id/release',
    request: () => ({ url: `/api/provision/lines/${px.releasePool.shift()}/release`, body: { version: 1 } }),
  },
  {
    route: 'POST /api/provision/lines/:id/deliver',
    request: () => ({ url: `/api/provision/lines/${px.deliverPool.shift()}/deliver`, body: { version: 1, quantity: 1, warehouseId: px.warehouseId } }),
  },
  { route: 'GET /api/provision/warehouses', request: () => ({ url: '/api/provision/warehouses' }) },
  {
    route: 'POST /api/provision/units/receipts',
    request: () => ({
      url: '/api/provision/units/receipts',
      body: { warehouseId: px.warehouseId, articleId: px.articleId, units: [{ purchaseDate: '2026-01-02', purchaseCost: 1000 }] },
    }),
  },
  { route: 'GET /api/provision/units', request: () => ({ url: '/api/provision/units?limit=5' }) },
  { route: 'GET /api/provision/units/:id', request: () => ({ url: `/api/provision/units/${px.unitId}` }) },
  // Work orders: technicians and consultants take the steps; customer service may also cancel.
  { route: 'GET /api/provision/work-orders/:id', request: () => ({ url: `/api/provision/work-orders/${workOrderFixtures!.any}` }) },
  woStep('book', 'received', { bookedFor: '2030-01-15T09:00:00+01:00', technician: 'Tomas Berg' }),
  woStep('start', 'received'),
  woStep('done', 'started', { notes: 'Klart', minutesSpent: 5 }),
  woStep('close', 'done'),
  woStep('cancel', 'cancel', { reason: 'patientUnreachable' }),
  woStep('risk-analysis', 'special', { riskAnalysis: 'Låg risk' }),
  woStep('quote', 'riskAnalysed', { amount: 100, text: 'Offert' }),
  woStep('ce-question', 'special', { question: 'CE-märkning kvar?' }),
  {
    route: 'POST /api/provision/units/:id/write-off',
    request: () => ({ url: `/api/provision/units/${px.writeOffPool.shift()}/write-off`, body: { version: 1, code: 'wornOut' } }),
  },
  { route: 'GET /api/provision/stock', request: () => ({ url: '/api/provision/stock' }) },
  {
    route: 'GET /api/provision/stock/ledger',
    request: () => ({ url: `/api/provision/stock/ledger?warehouseId=${px.warehouseId}&articleId=${px.stockArticleId}` }),
  },
  {
    route: 'POST /api/provision/stock/transactions',
    request: () => ({
      url: '/api/provision/stock/transactions',
      body: { warehouseId: px.warehouseId, articleId: px.stockArticleId, quantity: 1, kind: 'receipt' },
    }),
  },
  // Purchasing (issue 17): the warehouse buys; customer service, finance and the assortment role read; the stock
  // value is the warehouse's and finance's; the agreement's terms are the assortment role's and the warehouse's.
  { route: 'GET /api/provision/purchasing/suppliers', request: () => ({ url: '/api/provision/purchasing/suppliers' }) },
  { route: 'GET /api/provision/purchasing/agreements/:id', request: () => ({ url: `/api/provision/purchasing/agreements/${qx.agreementId}` }) },
  { route: 'GET /api/provision/purchasing/proposals', request: () => ({ url: '/api/provision/purchasing/proposals' }) },
  { route: 'GET /api/provision/purchasing/reorder-points', request: () => ({ url: '/api/provision/purchasing/reorder-points' }) },
  {
    route: 'PUT /api/provision/purchasing/reorder-points/:warehouseId/:articleId',
    request: () => ({
      url: `/api/provision/purchasing/reorder-points/${qx.warehouseId}/${qx.stockArticleId}`,
      body: { reorderPoint: 2, reorderQuantity: 5 },
    }),
  },
  {
    route: 'DELETE /api/provision/purchasing/reorder-points/:warehouseId/:articleId',
    request: () => ({ url: `/api/provision/purchasing/reorder-points/${qx.warehouseId}/${qx.articleId}` }),
  },
  { route: 'GET /api/provision/purchasing/purchase-orders', request: () => ({ url: '/api/provision/purchasing/purchase-orders?open=true' }) },
  {
    route: 'POST /api/provision/purchasing/purchase-orders',
    request: () => ({
      url: '/api/provision/purchasing/purchase-orders',
      body: { agreementId: qx.agreementId, warehouseId: qx.warehouseId, lines: [{ articleId: qx.stockArticleId, quantity: 2 }] },
    }),
  },
  {
    route: 'POST /api/provision/purchasing/order-lines/:id/buy',
    request: (_n, _c, allowed) => ({ url: `/api/provision/purchasing/order-lines/${take(qx.buyPool, allowed)}/buy`, body: {} }),
  },
  { route: 'GET /api/provision/purchasing/purchase-orders/:id', request: () => ({ url: `/api/provision/purchasing/purchase-orders/${qx.readId}` }) },
  { route: 'GET /api/provision/purchasing/purchase-orders/:id/pdf', request: () => ({ url: `/api/provision/purchasing/purchase-orders/${qx.readId}/pdf` }) },
  {
    route: 'PUT /api/provision/purchasing/purchase-orders/:id',
    request: () => ({ url: `/api/provision/purchasing/purchase-orders/${qx.editId}`, body: { version: 1, note: 'Behörighetstest' } }),
  },
  {
    route: 'POST /api/provision/purchasing/purchase-orders/:id/send',
    request: (_n, _c, allowed) => ({
      url: `/api/provision/purchasing/purchase-orders/${take(qx.sendPool, allowed)}/send`,
      body: { version: 1, via: 'manual' },
    }),
  },
  {
    route: 'POST /api/provision/purchasing/purchase-orders/:id/confirmation',
    request: () => ({
      url: `/api/provision/purchasing/purchase-orders/${qx.confirm.id}/confirmation`,
      body: { version: qx.confirm.version, confirmedDate: px.plannedDate },
    }),
  },
  {
    route: 'POST /api/provision/purchasing/purchase-orders/:id/receipts',
    request: () => ({
      url: `/api/provision/purchasing/purchase-orders/${qx.receive.id}/receipts`,
      body: { version: qx.receive.version, lines: [{ lineId: qx.receive.lineId, quantity: 1 }] },
    }),
  },
  {
    route: 'POST /api/provision/purchasing/purchase-orders/:id/lines/:lineId/close',
    request: () => ({
      url: `/api/provision/purchasing/purchase-orders/${qx.close.id}/lines/${qx.close.lineId}/close`,
      body: { version: qx.close.version, reason: 'Utgått' },
    }),
  },
  {
    route: 'POST /api/provision/purchasing/purchase-orders/:id/cancel',
    request: (_n, _c, allowed) => ({
      url: `/api/provision/purchasing/purchase-orders/${take(qx.cancelPool, allowed)}/cancel`,
      body: { version: 1, reason: 'Behörighetstest' },
    }),
  },
  { route: 'GET /api/provision/orders/:id/purchases', request: () => ({ url: `/api/provision/orders/${px.orderId}/purchases` }) },
  { route: 'GET /api/provision/purchasing/stock-valuation', request: () => ({ url: '/api/provision/purchasing/stock-valuation' }) },
  { route: 'GET /api/provision/purchasing/stock-valuation.xlsx', request: () => ({ url: '/api/provision/purchasing/stock-valuation.xlsx' }) },
  {
    route: 'PUT /api/catalogue/agreements/:id/terms',
    // Each allowed call moves the terms' version on: the next one sends the new one.
    request: (_n, _c, allowed) => ({
      url: `/api/catalogue/agreements/${qx.agreementId}/terms`,
      body: {
        termsVersion: allowed ? qx.termsVersion++ : 1,
        deliveryWorkingDays: 10,
        minimumOrderAmount: null,
        orderEmail: 'order@behorighet.example',
        orderAddress: null,
        contactName: null,
        contactPhone: null,
        contactEmail: null,
      },
    }),
  },
  { route: 'GET /api/provision/equivalents/:articleId', request: () => ({ url: `/api/provision/equivalents/${px.articleId}` }) },
  {
    route: 'PUT /api/provision/equivalents/:articleId',
    request: () => ({ url: `/api/provision/equivalents/${px.articleId}`, body: { equivalentArticleIds: [] } }),
  },
  { route: 'GET /api/provision/settings/time-limits', request: () => ({ url: '/api/provision/settings/time-limits' }) },
  {
    route: 'PUT /api/provision/settings/time-limits',
    request: () => ({ url: '/api/provision/settings/time-limits', body: { orderCutOff: '10:00' } }),
  },
  // The rules as data (issue 15): every centre role reads them; system administration and the function coordinator change them.
  { route: 'GET /api/provision/rules', request: () => ({ url: '/api/provision/rules' }) },
  {
    route: 'PUT /api/provision/rules/work-order-types/:code',
    request: () => ({
      url: '/api/provision/rules/work-order-types/repairAtCentre',
      body: {
        sv: 'Avhjälpande underhåll på HMC',
        en: 'Corrective maintenance at the centre',
        startWithinWorkingDays: 3,
        doneWithinWorkingDays: 10,
        withinWorkingHours: null,
        requiredAttachments: [],
      },
    }),
  },
  { route: 'PUT /api/provision/rules/time-limits', request: () => ({ url: '/api/provision/rules/time-limits', body: { orderCutOff: '10:00' } }) },
  { route: 'PUT /api/provision/rules/office-hours', request: () => ({ url: '/api/provision/rules/office-hours', body: { start: '08:00', end: '17:00' } }) },
  {
    route: 'PUT /api/provision/rules/code-lists/:list/:code',
    request: () => ({ url: '/api/provision/rules/code-lists/faultCategories/wrongItem', body: { sv: 'Fel artikel', en: 'Wrong item', active: true } }),
  },
  {
    route: 'PUT /api/provision/rules/queue-routing',
    request: () => ({
      url: '/api/provision/rules/queue-routing',
      // The default routing, saved again (a valid body that changes nothing the other rows rely on).
      body: defaultQueueRouting,
    }),
  },
  // Preventive maintenance (besiktning, issue 19 item 1): technicians inspect; customer service reads the queue too.
  { route: 'GET /api/provision/inspections', request: () => ({ url: '/api/provision/inspections?weeks=4' }) },
  {
    route: 'POST /api/provision/units/:id/inspections',
    request: (_n, _c, allowed) => ({
      url: `/api/provision/units/${take(px.inspectPool, allowed)}/inspections`,
      body: {
        unitVersion: 1,
        holdingId: null,
        checklist: ['marking', 'frame', 'fasteners', 'function'].map((code) => ({ code, ok: true })),
        result: 'approved',
      },
    }),
  },
  {
    route: 'PUT /api/provision/rules/inspection-checklists',
    request: () => ({ url: '/api/provision/rules/inspection-checklists', body: defaultInspectionChecklists }),
  },
  // Pick-ups: technicians, the warehouse's drivers and customer service act on the visit; customer service
  // and the warehouse follow up missing units. Reconditioning is the workshop's (warehouse, technician);
  // buffer withdrawals are registered by customer service or the warehouse, and the warehouse stocks stores.
  // Delivery runs: the warehouse plans and edits, customer service reads too; the driver sees today's runs and confirms stops.
  { route: 'POST /api/provision/transport/plan', request: () => ({ url: '/api/provision/transport/plan', body: { day: tr().day } }) },
  { route: 'GET /api/provision/transport/runs', request: () => ({ url: `/api/provision/transport/runs?day=${tr().day}` }) },
  { route: 'GET /api/provision/transport/my-runs', request: () => ({ url: '/api/provision/transport/my-runs' }) },
  { route: 'GET /api/provision/transport/runs/:id', request: () => ({ url: `/api/provision/transport/runs/${tr().runId}` }) },
  {
    route: 'POST /api/provision/transport/runs/:id/stops',
    request: () => ({ url: `/api/provision/transport/runs/${tr().runId}/stops`, body: { centreOrderNumber: tr().addOrderNumber } }),
  },
  {
    route: 'POST /api/provision/transport/runs/:id/stops/:stopId/move',
    request: () => ({ url: `/api/provision/transport/runs/${tr().runId}/stops/${tr().moveStopId}/move`, body: { position: 1 } }),
  },
  {
    route: 'DELETE /api/provision/transport/runs/:id/stops/:stopId',
    request: () => ({ url: `/api/provision/transport/runs/${tr().runId}/stops/${tr().removeStopId}` }),
  },
  {
    route: 'POST /api/provision/transport/runs/:id/stops/:stopId/confirm',
    request: () => ({
      url: `/api/provision/transport/runs/${tr().runId}/stops/${tr().confirmStopId}/confirm`,
      body: { confirmationId: crypto.randomUUID(), outcome: 'nobodyHome', note: 'Behörighetstest' },
    }),
  },
  { route: 'GET /api/provision/orders/:id/pick-ups', request: () => ({ url: `/api/provision/orders/${pu().orderId}/pick-ups` }) },
  {
    route: 'POST /api/provision/lines/:id/picked-up',
    request: (_n, _c, allowed) => {
      const l = take(pu().pickUpPool, allowed);
      return { url: `/api/provision/lines/${l.id}/picked-up`, body: { version: 1, identifiedAs: l.unitNumber } };
    },
  },
  {
    // Only the one who recorded the pick-up may undo it: each allowed caller undoes their own.
    route: 'POST /api/provision/lines/:id/undo-pick-up',
    request: (_n, caller) => {
      const l = pu().undoPool[caller] ?? pu().undoPool.other!;
      return { url: `/api/provision/lines/${l.id}/undo-pick-up`, body: { version: l.version } };
    },
  },
  {
    route: 'POST /api/provision/lines/:id/deregister',
    request: (_n, _c, allowed) => {
      const l = take(pu().deregisterPool, allowed);
      return { url: `/api/provision/lines/${l.id}/deregister`, body: { version: l.version } };
    },
  },
  {
    route: 'POST /api/provision/lines/:id/unit-missing',
    request: (_n, _c, allowed) => ({ url: `/api/provision/lines/${take(pu().missingPool, allowed)}/unit-missing`, body: { version: 1 } }),
  },
  { route: 'GET /api/provision/investigations', request: () => ({ url: '/api/provision/investigations?state=open' }) },
  {
    route: 'POST /api/provision/investigations/:id/found',
    request: (_n, _c, allowed) => ({ url: `/api/provision/investigations/${take(pu().foundPool, allowed)}/found`, body: { version: 1 } }),
  },
  {
    route: 'POST /api/provision/investigations/:id/write-off',
    request: (_n, _c, allowed) => ({ url: `/api/provision/investigations/${take(pu().investigationWriteOffPool, allowed)}/write-off`, body: { version: 1 } }),
  },
  { route: 'GET /api/provision/reconditioning', request: () => ({ url: '/api/provision/reconditioning' }) },
  {
    route: 'POST /api/provision/units/:id/reconditioning/start',
    request: (_n, _c, allowed) => ({ url: `/api/provision/units/${take(pu().startPool, allowed)}/reconditioning/start`, body: { version: 1 } }),
  },
  {
    route: 'POST /api/provision/units/:id/reconditioning/finish',
    request: (_n, _c, allowed) => ({
      url: `/api/provision/units/${take(pu().finishPool, allowed)}/reconditioning/finish`,
      body: { version: 1, warehouseId: px.warehouseId, cleaned: true, checked: true, note: 'Rengjord' },
    }),
  },
  {
    route: 'POST /api/provision/units/:id/reconditioning/scrap',
    request: (_n, _c, allowed) => ({ url: `/api/provision/units/${take(pu().scrapPool, allowed)}/reconditioning/scrap`, body: { version: 1 } }),
  },
  {
    route: 'POST /api/provision/buffer-units',
    request: (_n, _c, allowed) => ({
      url: '/api/provision/buffer-units',
      body: { customerId: pu().customerId, bufferStoreId: pu().bufferStoreId, unitIds: [take(pu().placePool, allowed)] },
    }),
  },
  {
    route: 'GET /api/provision/lines/:id/buffer-units',
    request: () => ({ url: `/api/provision/lines/${pu().withdrawalLineId}/buffer-units` }),
  },
  {
    route: 'POST /api/provision/lines/:id/register-withdrawal',
    request: (_n, _c, allowed) => {
      const r = take(pu().registerPool, allowed);
      return { url: `/api/provision/lines/${r.lineId}/register-withdrawal`, body: { version: 1, units: [{ unitNumber: r.unitNumber }] } };
    },
  },
  // Reports (ärenden): customer service and consultants handle fault reports and deviations; lost-device
  // write-offs and re-registrations are customer service's. Buffer stores: every centre role reads them,
  // customer service and the warehouse set safety levels and make proposals, the warehouse refills.
  { route: 'GET /api/provision/cases', request: () => ({ url: '/api/provision/cases?status=open' }) },
  { route: 'GET /api/provision/cases/:id', request: () => ({ url: `/api/provision/cases/${rx.caseId}` }) },
  {
    route: 'POST /api/provision/cases/:id/assign',
    request: () => ({ url: `/api/provision/cases/${rx.caseId}/assign`, body: {} }),
  },
  {
    route: 'POST /api/provision/cases/:id/notes',
    request: () => ({ url: `/api/provision/cases/${rx.caseId}/notes`, body: { text: 'Behörighetstest' } }),
  },
  {
    route: 'POST /api/provision/cases/:id/answer',
    request: (_n, caller) => ({ url: `/api/provision/cases/${rx.answer[caller] ?? rx.caseId}/answer`, body: { answer: 'Åtgärdat.' } }),
  },
  {
    route: 'POST /api/provision/cases/:id/write-off',
    request: () => ({ url: `/api/provision/cases/${rx.lostOrderId}/write-off`, body: {} }),
  },
  {
    route: 'POST /api/provision/lines/:id/re-register',
    request: () => ({ url: `/api/provision/lines/${rx.reRegisterLineId}/re-register`, body: { version: rx.reRegisterVersion } }),
  },
  { route: 'GET /api/provision/buffer-stores', request: () => ({ url: '/api/provision/buffer-stores' }) },
  { route: 'GET /api/provision/buffer-stores/:id', request: () => ({ url: `/api/provision/buffer-stores/${rx.bufferStoreId}` }) },
  {
    route: 'PUT /api/provision/buffer-stores/:id/levels/:articleId',
    request: () => ({ url: `/api/provision/buffer-stores/${rx.bufferStoreId}/levels/${px.stockArticleId}`, body: { safetyLevel: 3 } }),
  },
  {
    route: 'POST /api/provision/buffer-stores/:id/transactions',
    request: () => ({ url: `/api/provision/buffer-stores/${rx.bufferStoreId}/transactions`, body: { articleId: px.stockArticleId, quantity: 1 } }),
  },
  { route: 'GET /api/provision/buffer-proposals', request: () => ({ url: '/api/provision/buffer-proposals' }) },
  {
    route: 'POST /api/provision/buffer-proposals',
    request: () => ({ url: '/api/provision/buffer-proposals', body: { deliveryAreaId: rx.areaId } }),
  },
  {
    route: 'POST /api/provision/buffer-proposals/:id/accept',
    request: () => ({ url: `/api/provision/buffer-proposals/${rx.proposalId}/accept`, body: { version: 1, warehouseId: px.warehouseId } }),
  },

  // The FHIR facade (src/fhir): the ordering side's roles, as persons here (system clients in src/fhir/fhir.test.ts);
  // its CapabilityStatement is public. The demo patient is one the prescriber and the orderer have a care relationship with.
  { route: 'GET /fhir/R4/metadata', request: () => ({ url: '/fhir/R4/metadata' }) },
  {
    route: 'POST /fhir/R4/DeviceRequest',
    request: (n) => ({
      url: '/fhir/R4/DeviceRequest',
      body: deviceRequest({ identifier: `PERM-${n}`, articleNumber: px.articleNumber, patient: DEMO_PATIENTS.ordinary!, customerNumber: '20101' }),
    }),
  },
  { route: 'GET /fhir/R4/DeviceRequest/:id', request: () => ({ url: `/fhir/R4/DeviceRequest/${hx.lineId}` }) },
  { route: 'GET /fhir/R4/DeviceRequest', request: () => ({ url: `/fhir/R4/DeviceRequest?patient=Patient/${fx.patientId}&status=active,completed` }) },
  { route: 'GET /fhir/R4/Task/:id', request: () => ({ url: `/fhir/R4/Task/${hx.lineId}` }) },
  { route: 'GET /fhir/R4/Task', request: () => ({ url: `/fhir/R4/Task?focus=DeviceRequest/${hx.lineId}` }) },
  { route: 'GET /fhir/R4/Device/:id', request: () => ({ url: `/fhir/R4/Device/${hx.unitNumber}` }) },
  { route: 'GET /fhir/R4/Device', request: () => ({ url: `/fhir/R4/Device?patient=Patient/${fx.patientId}` }) },
  { route: 'GET /fhir/R4/DeviceDefinition/:id', request: () => ({ url: `/fhir/R4/DeviceDefinition/${px.articleId}` }) },
  { route: 'GET /fhir/R4/DeviceDefinition', request: () => ({ url: '/fhir/R4/DeviceDefinition?name=Rullstol' }) },
  { route: 'GET /fhir/R4/Patient/:id', request: () => ({ url: `/fhir/R4/Patient/${fx.patientId}` }) },
  { route: 'GET /fhir/R4/Organization/:id', request: () => ({ url: `/fhir/R4/Organization/${fx.ownCustomerId}` }) },
  { route: 'GET /fhir/R4/Organization', request: () => ({ url: '/fhir/R4/Organization' }) },
];

const callers: Caller[] = [...roles, 'anonymous'];

function describeAccess(access: Access): string {
  if (access === 'public') return 'is open to everyone, logged in or not';
  if (access === 'loggedIn') return 'is open to every logged-in user, whatever the role';
  if (access.length === 1) return `is for ${access[0]} only`;
  return `is for ${access.slice(0, -1).join(', ')} and ${access[access.length - 1]} only`;
}

function expectedOutcome(access: Access, caller: Caller): string {
  if (access === 'public') return 'allowed';
  if (caller === 'anonymous') return 'unauthenticated';
  if (access === 'loggedIn' || access.includes(caller)) return 'allowed';
  return 'denied';
}

function outcome(res: LightMyRequestResponse): string {
  // The JSON API's error body, or the FHIR facade's OperationOutcome (Bistå's code in the first issue's details).
  const body = res.statusCode >= 400 ? (res.json() as { error?: { code?: string }; issue?: { details?: { coding?: { code?: string }[] } }[] }) : null;
  const code = body ? (body.error?.code ?? body.issue?.[0]?.details?.coding?.[0]?.code) : undefined;
  if (res.statusCode >= 200 && res.statusCode < 300) return 'allowed';
  // The SITHS login's browser routes answer with a redirect (oidc-routes.ts); no other route does.
  if (res.statusCode === 302) return 'allowed';
  if (res.statusCode === 403 && code === 'FORBIDDEN') return 'denied';
  if (res.statusCode === 401 && code === 'UNAUTHENTICATED') return 'unauthenticated';
  return `unexpected ${res.statusCode} ${code ?? ''}: ${res.body.slice(0, 200)}`;
}

let t: TestApp;

function client(cookie: string | null, csrf: string | null): Client {
  const send = (method: Method, url: string, body?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
  return {
    cookie,
    csrf,
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body ?? {}),
    put: (url, body) => send('PUT', url, body ?? {}),
    patch: (url, body) => send('PATCH', url, body ?? {}),
    delete: (url) => send('DELETE', url),
  };
}

/** A new session for the user, straight in the database (a real login per call would cost an argon2 check each). */
async function freshSession(userId: string): Promise<Client> {
  const s = await createSession(t.database.db, { userId, now: new Date(), hours: 1, ip: null, userAgent: 'permissions test' });
  return client(`bista_sid=${s.token}`, s.csrfToken);
}

async function send(c: Client, method: Method, url: string, body: unknown, upload?: Upload) {
  if (upload) {
    const form = new FormData();
    for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(upload.file.data)], { type: upload.file.type }), upload.file.name);
    const req = new Request('http://localhost/', { method, body: form });
    return t.app.inject({
      method,
      url,
      headers: { ...(c.cookie ? { cookie: c.cookie } : {}), ...(c.csrf ? { 'x-csrf-token': c.csrf } : {}), 'content-type': req.headers.get('content-type')! },
      payload: Buffer.from(await req.arrayBuffer()),
    });
  }
  switch (method) {
    case 'GET':
      return c.get(url);
    case 'POST':
      return c.post(url, body);
    case 'PUT':
      return c.put(url, body);
    case 'PATCH':
      return c.patch(url, body);
    case 'DELETE':
      return c.delete(url);
  }
}

async function asAdmin<T>(res: Promise<LightMyRequestResponse>, status = 201): Promise<T> {
  const r = await res;
  if (r.statusCode !== status) throw new Error(`setup failed: ${r.statusCode} ${r.body}`);
  return r.json() as T;
}

/** A new-user application for the callers' customer (20101), with the responsible manager. */
const applicationBody = (email: string) => ({
  kind: 'newUser',
  customerId: fx.ownCustomerId,
  firstName: 'Behörig',
  lastName: 'Sökande',
  email,
  roles: ['orderer'],
  manager: { name: 'Maja Chef', email: 'maja.chef@example.se', phone: '0611-123 45' },
});

beforeAll(async () => {
  t = await startTestApp();
  const admin = await t.login('admin');
  const [own] = await t.database.query<{ id: string }>(`select id from customer where customer_number = '20101'`);
  fx.ownCustomerId = own!.id;

  fx.careProviderId = (await asAdmin<{ id: string }>(admin.post('/api/care-providers', careProviderBody('699999-0001')))).id;
  fx.deliveryAreaId = (await asAdmin<{ id: string }>(admin.post('/api/delivery-areas', { name: 'Behörighetsområdet', weekday: 2 }))).id;
  fx.customerId = (await asAdmin<{ id: string }>(admin.post('/api/customers', customerBody('P0')))).id;
  fx.newsId = (await asAdmin<{ id: string }>(admin.post('/api/news', { title: 'Att dra tillbaka', body: 'Dras tillbaka av testet.' }))).id;
  const systemClient = await asAdmin<{ client: { id: string }; secretId: string }>(admin.post('/api/system-clients', systemClientBody('Behörighetsklient')));
  fx.systemClientId = systemClient.client.id;
  fx.systemClientSecretId = systemClient.secretId;
  fx.revocableClientId = (await asAdmin<{ client: { id: string } }>(admin.post('/api/system-clients', systemClientBody('Återkallas av testet')))).client.id;
  fx.webhookId = (
    await asAdmin<{ webhook: { id: string } }>(
      admin.post(`/api/system-clients/${fx.systemClientId}/webhooks`, { url: 'https://journal.example.se/bista/gammal' }),
    )
  ).webhook.id;

  const newUser = async (username: string, userRoles: Role[]) =>
    (
      await asAdmin<{ id: string }>(
        admin.post('/api/users', {
          username,
          firstName: 'Behörighet',
          lastName: username,
          roles: userRoles,
          memberships: [{ customerId: fx.ownCustomerId, isDefault: true }],
        }),
      )
    ).id;
  for (const role of roles) fx.roleUsers[role] = await newUser(`perm.${role.toLowerCase()}`, [role]);
  fx.targetUserId = await newUser('perm.target', ['orderer']);
  fx.readableUserId = fx.roleUsers.orderer;
  for (const key of ['applicationReadableId', 'applicationApproveId', 'applicationRefuseId'] as const) {
    fx[key] = (await asAdmin<{ id: string }>(admin.post('/api/access-applications', applicationBody(`perm.${key}@example.se`)))).id;
  }
  // A demo patient, looked up and with a care relationship declared today by the prescriber and the orderer.
  const lookedUp = await (await freshSession(fx.roleUsers.prescriber)).post('/api/patients/lookup', { identifier: DEMO_PATIENTS.ordinary });
  if (lookedUp.statusCode !== 200) throw new Error(`setup failed: ${lookedUp.statusCode} ${lookedUp.body}`);
  fx.patientId = (lookedUp.json() as { patientId: string }).patientId;
  for (const role of ['prescriber', 'orderer'] as const) {
    const r = await (await freshSession(fx.roleUsers[role])).post(`/api/patients/${fx.patientId}/care-relationship`, {});
    if (r.statusCode !== 200) throw new Error(`setup failed: ${r.statusCode} ${r.body}`);
  }
  // The article register: ISO codes, a published main article with an image, and an accessory.
  await seedIsoCodes(t.database.db);
  const main = await givenArticle(t.database, { name: 'Rullstol Behörighet', isoCode: '12 22 03', inAssortment: true });
  fx.articleId = main.id;
  fx.articleVersion = main.version;
  fx.accessoryId = (await givenArticle(t.database, { name: 'Tillbehör Behörighet', articleType: 'T' })).id;
  fx.png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#246' } })
    .png()
    .toBuffer();
  const media = async (seed: number) =>
    (
      await storeMedia(t.ctx(), {
        articleId: main.id,
        kind: 'image',
        title: null,
        data: await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: seed, g: 1, b: 2 } } })
          .png()
          .toBuffer(),
      })
    ).media.id;
  fx.mediaId = await media(0);
  // request() runs once per caller, allowed or not.
  for (let i = 1; i <= roles.length + 1; i++) fx.mediaPool.push(await media(i));

  fx.importId = (await importCatalogueFile(t.ctx(), IMPORT_FILE, { publish: false })).id;
  // Publishing needs the uploaded file, so these go through the upload route.
  const importFile: Upload = { fields: {}, file: { name: 'katalog.xml', type: 'application/xml', data: fs.readFileSync(IMPORT_FILE) } };
  for (let i = 0; i <= roles.length; i++) {
    fx.importPool.push((await asAdmin<{ id: string }>(send(admin, 'POST', '/api/catalogue/imports', undefined, importFile))).id);
  }

  // Orders: drafts of each ordering user's own, and one submitted order with an attachment and a message per user.
  {
    fx.orderArticleId = (await givenArticle(t.database, { name: 'Rollator Beställningstest', source: 'local' })).id;
    const ordering = Object.fromEntries(await Promise.all(PATIENT_ROLES.map(async (r) => [r, await freshSession(fx.roleUsers[r])] as const)));
    const newDraft = async (c: Client, lines = true) => {
      const d = await asAdmin<{ id: string; version: number }>(
        c.post('/api/orders', { orderType: 'customerOrder', customerId: fx.ownCustomerId, patientId: fx.patientId }),
      );
      if (!lines) return d.id;
      const body = {
        version: d.version,
        customerId: fx.ownCustomerId,
        patientId: fx.patientId,
        delivery: { kind: 'patientAddress' },
        contactName: 'Behörighet',
        contactPhone: '070-123 45 67',
        lines: [{ articleId: fx.orderArticleId }],
      };
      await asAdmin(c.put(`/api/orders/${d.id}`, body), 200);
      return d.id;
    };
    const attach = async (c: Client, orderId: string) =>
      (
        await asAdmin<{ id: string }>(
          send(c, 'POST', `/api/orders/${orderId}/attachments`, undefined, {
            fields: { kind: 'instruction' },
            file: { name: 'i.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4\n%setup\n') },
          }),
        )
      ).id;
    fx.orderId = await newDraft(ordering.prescriber!);
    fx.attachmentId = await attach(ordering.prescriber!, fx.orderId);
    await asAdmin(ordering.prescriber!.post(`/api/orders/${fx.orderId}/submit`, {}), 200);
    for (const r of PATIENT_ROLES) {
      const c = ordering[r]!;
      const detach = await newDraft(c, false);
      const [m] = await t.database.query<{ id: string }>(
        `insert into ordering_message (user_id, order_id, event_id, kind) values ($1, $2, gen_random_uuid(), 'delivered') returning id`,
        [fx.roleUsers[r], fx.orderId],
      );
      const attachTo = await newDraft(c, false);
      // A follow-up of the caller's own (issue 16 item 7), on an order no row deletes.
      const [f] = await t.database.query<{ id: string }>(
        `insert into ordering_follow_up (order_id, patient_id, care_provider_id, prescriber_id, due_date)
         select id, patient_id, care_provider_id, created_by, current_date from ordering_order where id = $1 returning id`,
        [attachTo],
      );
      fx.own[r] = {
        save: await newDraft(c, false),
        submit: await newDraft(c),
        remove: await newDraft(c, false),
        attach: attachTo,
        detach,
        attachment: await attach(c, detach),
        message: m!.id,
        followUp: f!.id,
      };
    }
  }

  // The provision side: a warehouse, a unit-tracked article with units, an article kept as a stock balance,
  // and orders received through the contract whose lines each allowed call may act on.
  {
    const ctx = t.ctx();
    const calls = roles.length + 1;
    px.warehouseId = (await givenWarehouses(t.database)).main.id;
    const chair = await givenUnitArticle(t.database, { name: 'Rullstol Behörighet HMC' });
    px.articleId = chair.id;
    px.articleNumber = chair.articleNumber;
    const pads = await givenUnitArticle(t.database, { name: 'Skydd Behörighet HMC', unitTracked: false, chargingForm: 'sale', stockForm: 'orderItem' });
    px.stockArticleId = pads.id;
    await postStockTransaction(as(ctx, 'warehouse'), { warehouseId: px.warehouseId, articleId: pads.id, quantity: 100, kind: 'receipt' });
    const units = await givenUnits(
      ctx,
      px.warehouseId,
      chair.id,
      Array.from({ length: calls * 2 + 1 }, () => ({ purchaseDate: '2024-01-01' })),
    );
    px.unitId = units[0]!.id;
    px.writeOffPool = units.slice(1, calls + 1).map((u) => u.id);
    px.inspectPool = (
      await givenUnits(
        ctx,
        px.warehouseId,
        chair.id,
        Array.from({ length: calls }, () => ({ purchaseDate: '2024-01-01' })),
      )
    ).map((u) => u.id);
    px.plannedDate = addWorkingDays(stockholmDateTime(new Date()).date, 30);
    const lines = (articleNumber: string) => Array.from({ length: calls }, () => ({ articleNumber }));
    const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: chair.articleNumber }] });
    px.orderId = o.orderId;
    px.lineId = o.lineIds[0]!;
    // An order received with the prescriber's attachment (fx.attachmentId, of her sent order) as its reference.
    const withFile = submitMessage({ lines: [{ articleNumber: chair.articleNumber }] });
    const setupPdf = Buffer.from('%PDF-1.4\n%setup\n');
    withFile.order.attachments = [
      {
        attachmentId: fx.attachmentId,
        kind: 'instruction',
        fileName: 'i.pdf',
        contentType: 'application/pdf',
        size: setupPdf.length,
        sha256: crypto.createHash('sha256').update(setupPdf).digest('hex'),
      },
    ];
    await receiveMessage(ctx, withFile);
    px.attachmentOrderId = withFile.order.orderId;
    px.reservePool = (await givenReceivedOrder(ctx, { lines: lines(chair.articleNumber) })).lineIds;
    px.releasePool = (await givenReceivedOrder(ctx, { lines: lines(chair.articleNumber) })).lineIds;
    px.plannedPool = (await givenReceivedOrder(ctx, { lines: lines(pads.articleNumber) })).lineIds;
    px.deliverPool = (await givenReceivedOrder(ctx, { lines: lines(pads.articleNumber) })).lineIds;
    for (let i = 0; i < calls; i++) {
      px.cancelPool.push((await givenReceivedOrder(ctx, { lines: [{ articleNumber: pads.articleNumber }] })).orderId);
      px.urgentPool.push((await givenReceivedOrder(ctx, { urgent: true, lines: [{ articleNumber: pads.articleNumber }] })).orderId);
    }
    // The FHIR rows: an order line for the demo patient of customer 20101, delivered with a unit of its own.
    {
      const ordinary = await t.database.query<{ first_name: string; last_name: string }>(`select first_name, last_name from patient where id = $1`, [
        fx.patientId,
      ]);
      const o = await givenReceivedOrder(ctx, {
        lines: [{ articleNumber: chair.articleNumber }],
        patient: {
          identifier: DEMO_PATIENTS.ordinary!,
          identifierKind: 'personnummer',
          firstName: ordinary[0]!.first_name,
          lastName: ordinary[0]!.last_name,
          protectedIdentity: false,
          homeMunicipalityCode: null,
          address: null,
        },
      });
      const [unit] = await givenUnits(ctx, px.warehouseId, chair.id, [{ purchaseDate: '2024-02-01' }]);
      await deliverLine(as(ctx, 'warehouse'), o.lineIds[0]!, { version: 1, units: [{ unitId: unit!.id }] });
      hx.lineId = o.lineIds[0]!;
      hx.unitNumber = unit!.unitNumber;
    }
    pickUpFixtures = await givenPickUpPermissionFixtures(t.database, ctx, px.warehouseId, Object.fromEntries(PICK_UP_STAFF.map((r) => [r, fx.roleUsers[r]])));
    workOrderFixtures = await givenWorkOrderPermissionFixtures(t.database, ctx, { customerId: fx.ownCustomerId, createdBy: fx.roleUsers.prescriber });
    transportFixtures = await givenTransportPermissionFixtures(t.database, ctx, pads.articleNumber);
  }

  // Purchasing: a supplier's agreement with an order item and a stock item at agreed prices, purchase orders in the
  // states the steps need, order lines to buy for, and a reorder point to remove.
  {
    const ctx = t.ctx();
    const warehouse = as(ctx, 'warehouse');
    qx.warehouseId = px.warehouseId;
    const s = await givenSupplier(t.database, 'Behörighet Leverantör AB');
    const a = await givenAgreement(t.database, { supplierId: s.id, agreementNumber: 'AV-BEHORIGHET' });
    qx.agreementId = a.id;
    const item = await givenArticle(t.database, { name: 'Tillbehör Behörighet Inköp', stockForm: 'orderItem', supplierId: s.id, source: 'local' });
    const stock = await givenArticle(t.database, { name: 'Lagervara Behörighet Inköp', stockForm: 'stock', supplierId: s.id, source: 'local' });
    for (const x of [item, stock])
      await givenPrice(t.database, { articleId: x.id, kind: 'agreed', agreementId: a.id, amount: '250.00', validFrom: '2020-01-01' });
    qx.articleId = stock.id;
    qx.stockArticleId = stock.id;
    await setReorderPoint(warehouse, { warehouseId: qx.warehouseId, articleId: stock.id }, { reorderPoint: 1, reorderQuantity: 1 });
    const draft = () => createPurchaseOrder(warehouse, { agreementId: a.id, warehouseId: qx.warehouseId, lines: [{ articleId: stock.id, quantity: 3 }] });
    const sent = async () => {
      const d = await draft();
      return sendPurchaseOrder(warehouse, d.id, { version: d.version, via: 'manual' });
    };
    qx.readId = (await draft()).id;
    qx.editId = (await draft()).id;
    for (let i = 0; i < 2; i++) {
      qx.sendPool.push((await draft()).id);
      qx.cancelPool.push((await draft()).id);
      qx.buyPool.push((await givenReceivedOrder(ctx, { lines: [{ articleNumber: item.articleNumber }] })).lineIds[0]!);
    }
    const c = await sent();
    qx.confirm = { id: c.id, version: c.version };
    const r = await sent();
    qx.receive = { id: r.id, version: r.version, lineId: r.lines[0]!.id };
    const cl = await sent();
    qx.close = { id: cl.id, version: cl.version, lineId: cl.lines[0]!.id };
  }

  // Reports and buffer stores: an open fault report, one per answering role, a lost-device report for a
  // delivered unit, a handled one whose unit can be re-registered, the demo buffer store of customer 20101,
  // and an (empty) refill proposal of an area whose stores none of the other rows touch.
  {
    const ctx = t.ctx();
    const report = async (orderType: 'faultReport' | 'lostDevice', unitNumber?: string) => {
      const m = submitMessage({ orderType, lines: unitNumber ? [{ unitNumber }] : [], patient: orderType === 'faultReport' ? null : undefined });
      if (orderType === 'faultReport') m.order.faultReport = { category: 'poorQuality', description: 'Behörighetstest' };
      else m.order.lostDevice = { description: 'Behörighetstest' };
      await receiveMessage(ctx, m);
      return m.order;
    };
    rx.caseId = (await report('faultReport')).orderId;
    for (const r of ['customerService', 'consultant'] as const) rx.answer[r] = (await report('faultReport')).orderId;
    const chair = await givenUnitArticle(t.database, { name: 'Rullstol Behörighet Förkommen' });
    const lost = await givenUnits(ctx, px.warehouseId, chair.id, [{ purchaseDate: '2023-01-01' }, { purchaseDate: '2023-01-01' }]);
    const onPatient = async (unitId: string) => {
      const o = await givenReceivedOrder(ctx, { lines: [{ articleNumber: chair.articleNumber }] });
      await deliverLine(as(ctx, 'warehouse'), o.lineIds[0]!, { version: 1, units: [{ unitId }] });
      return o.orderId;
    };
    rx.deliveredOrderId = await onPatient(lost[0]!.id);
    await onPatient(lost[1]!.id);
    rx.lostOrderId = (await report('lostDevice', lost[0]!.unitNumber)).orderId;
    const handled = await report('lostDevice', lost[1]!.unitNumber);
    await handleLostDevice(as(ctx, 'customerService'), handled.orderId, {});
    rx.reRegisterLineId = handled.lines[0]!.lineId;
    const [v] = await t.database.query<{ version: number }>(`select version from provision_order_line where id = $1`, [rx.reRegisterLineId]);
    rx.reRegisterVersion = v!.version;
    const [store] = await t.database.query<{ id: string; area: string }>(
      `select b.id, c.delivery_area_id as area from buffer_store b join customer c on c.id = b.customer_id where c.customer_number = '20101'`,
    );
    rx.bufferStoreId = store!.id;
    rx.areaId = store!.area;
    rx.proposalId = (await proposeRefill(as(ctx, 'warehouse'), { deliveryAreaId: fx.deliveryAreaId })).id;
  }

  // Billing: October 2026 closed with one line for customer 20101; a cost rule for each price editor.
  {
    await t.database.query(`insert into billing_period (period, state, proration) values ('2026-10', 'draft', 'day')`);
    const [line] = await t.database.query<{ id: string }>(
      `insert into billing_line (period, customer_number, ordering_customer_number, kind, fact_id, fact_month, fact_date, quantity, unit_price_ore, amount_ore)
       values ('2026-10', '20101', '20101', 'sale', 'behorighet', '-', '2026-10-15', 1, 10000, 10000) returning id`,
    );
    bx.lineId = Number(line!.id);
    await t.database.query(`update billing_period set state = 'closed', closed_at = now(), closed_by = 'test' where period = '2026-10'`);
    for (const caller of PRICE_EDITORS) {
      const [rule] = await t.database.query<{ id: string }>(
        `insert into billing_cost_rule (name, priority, max_patient_age, payer_customer_number, valid_from) values ($1, 50, 17, '10104', '2026-01-01') returning id`,
        [`Regel för ${caller}`],
      );
      bx.rules[caller] = rule!.id;
    }
  }

  // Support tickets, raised through the use cases as the role users (members of customer 20101).
  {
    const [cp] = await t.database.query<{ id: string }>(`select care_provider_id as id from customer where id = $1`, [fx.ownCustomerId]);
    const asUser = (role: Role) => ({
      ...t.ctx(),
      actor: {
        userId: fx.roleUsers[role],
        username: role,
        name: `Behörighet ${role}`,
        roles: new Set([role]),
        customerIds: [fx.ownCustomerId],
        defaultCustomerId: fx.ownCustomerId,
        careProviderIds: [cp!.id],
      },
    });
    const raise = (role: Role) => raiseTicket(asUser(role), { subject: 'Behörighetstest', description: 'Test' });
    for (const r of roles) {
      sx.own[r] = (await raise(r)).id;
      sx.attachment[r] = (await addTicketAttachment(asUser(r), sx.own[r]!, { fileName: 'a.png', data: PNG_BYTES })).id;
    }
    sx.shared = (await raise('orderer')).id;
    await t.database.query(`update support_ticket set status = 'open' where id = $1`, [sx.shared]);
    for (const r of SUPPORT_STAFF) {
      sx.escalate[r] = (await raise('prescriber')).id;
      sx.back[r] = (await raise('prescriber')).id;
      await t.database.query(`update support_ticket set level = 2 where id = $1`, [sx.back[r]]);
    }
    for (const r of roles) gx.own[r] = (await submitProposal(asUser(r), { kind: 'development', title: 'Eget förslag', description: 'Test' })).id;
    gx.shared = (await submitProposal(asUser('prescriber'), { kind: 'development', title: 'Delat förslag', description: 'Test' })).id;
    await decideProposal(asUser('preparationGroup'), gx.shared, { decision: 'toCouncil', decisionDate: '2026-11-30', minutes: 'Först' });
    const testCases = [{ title: 'Fall', steps: 'Steg', expectedResult: 'Resultat' }];
    const round = (
      await planRound(asUser('functionCoordinator'), {
        release: '9.8',
        plannedDate: '2027-01-01',
        cases: testCases,
        testerUserIds: roles.map((r) => fx.roleUsers[r]),
      })
    ).round;
    gx.roundId = round.id;
    gx.caseId = round.cases[0]!.id;
    const done = (
      await planRound(asUser('functionCoordinator'), { release: '9.8', plannedDate: '2027-01-02', cases: testCases, testerUserIds: [fx.roleUsers.prescriber] })
    ).round;
    await recordResult(asUser('prescriber'), done.id, done.cases[0]!.id, { outcome: 'pass' });
    gx.signOffRoundId = done.id;
  }

  // Role users log in with the demo password (copied, to save an argon2 hash per user).
  await t.database.query(`update app_user set password_hash = (select password_hash from app_user where username = 'admin') where username like 'perm.%'`);
});
afterAll(() => t.close());

describe('permission matrix', () => {
  let n = 0;
  /** The policy is what each route declares (config.access, src/platform/auth/access.ts); the app lists it. */
  const declared = (route: string): Access => {
    const r = t.app.apiRoutes.find((a) => `${a.method} ${a.url}` === route);
    if (!r) throw new Error(`${route} is not served`);
    return r.access;
  };
  it.each(table.map((row) => [row.route, row] as const))('%s: every role gets what the route declares', async (_name, row) => {
    const [method, path] = row.route.split(' ') as [Method, string];
    const access = declared(row.route);
    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    for (const caller of callers) {
      expected[caller] = expectedOutcome(access, caller);
      const { url, body, upload } = row.request(++n, caller, expected[caller] === 'allowed');
      const c = caller === 'anonymous' ? t.anonymous : await freshSession(fx.roleUsers[caller]);
      actual[caller] = outcome(await send(c, method, url, method === 'GET' || method === 'DELETE' ? undefined : (body ?? {}), upload));
    }
    expect(actual, `${method} ${path} ${describeAccess(access)}`).toEqual(expected);
  });

  it('the table has exactly one row for every API route the app serves', () => {
    const served = t.app.apiRoutes.map((r) => `${r.method} ${r.url}`).sort();
    const inTable = table.map((r) => r.route).sort();
    expect(inTable, 'a route has two rows').toEqual([...new Set(inTable)]);
    expect(inTable, 'every served route needs a row in the table, and a row for a route that is gone must go').toEqual(served);
  });
});

describe('local support sees only the users of its own care providers', () => {
  it('reads a user who shares a care provider, but gets 404 for a user elsewhere, as if the user did not exist', async () => {
    const localSupport = await freshSession(fx.roleUsers.localSupport);
    const [outside] = await t.database.query<{ id: string }>(`select id from app_user where username = 'sjukgymnast'`);

    expect((await localSupport.get(`/api/users/${fx.readableUserId}`)).statusCode).toBe(200);
    const res = await localSupport.get(`/api/users/${outside!.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    // systemAdmin sees the same user.
    expect((await (await freshSession(fx.roleUsers.systemAdmin)).get(`/api/users/${outside!.id}`)).statusCode).toBe(200);
  });

  it('lists only users who belong to a customer of its care providers', async () => {
    const localSupport = await freshSession(fx.roleUsers.localSupport);
    const res = await localSupport.get('/api/users?limit=1000');
    expect(res.statusCode).toBe(200);
    const listed = (res.json() as { items: { id: string; username: string }[] }).items;
    const inScope = await t.database.query<{ id: string }>(
      `select distinct m.user_id as id from membership m join customer c on c.id = m.customer_id
        where c.care_provider_id = (select care_provider_id from customer where id = $1)`,
      [fx.ownCustomerId],
    );
    expect(listed.map((u) => u.id).sort()).toEqual(inScope.map((u) => u.id).sort());
    expect(listed.map((u) => u.username)).not.toContain('sjukgymnast');
  });
});
