import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import { addWorkingDays, stockholmDateTime } from '../src/platform/calendar/index.ts';
import { expectNoAxeViolations } from './axe.ts';
import { apiAs, declareCareRelationship, givenRentArticle } from './api.ts';
import { orderSubmit } from './contract-message.ts';
import { loginAs } from './helpers.ts';

// The rules as data (issue 15 item 12): the function coordinator opens Regler, changes the done-within limit of
// the work-order type "Support digitala hjälpmedel" (an assumed limit, marked so) and sees the new version with
// their name; a work order of that type sent afterwards shows the new limit as its "Klar senast" date to the
// technician. Axe on the page and the edit dialog. The type is put back afterwards (other specs may use it).

test.describe.configure({ mode: 'serial', timeout: 120_000 });

const PATIENT_IDENTIFIER = '197508269862';
const TYPE = 'digitalSupport';
let unitNumber = '';

test.beforeAll(async ({ baseURL }) => {
  const a = await apiAs(baseURL!, 'sortiment');
  const tablet = await givenRentArticle(a, 'Rullstol Regelprov 15', '12 22 03');
  await a.ctx.dispose();
  const w = await apiAs(baseURL!, 'lager');
  const warehouses = await w.call<{ id: string; code: string }[]>('get', '/api/provision/warehouses');
  const received = await w.call<{ units: { unitNumber: string }[] }>(
    'post',
    '/api/provision/units/receipts',
    {
      warehouseId: warehouses.find((x) => x.code === 'HMC')!.id,
      articleId: tablet.id,
      units: [{ serialNumber: null, purchaseDate: '2024-02-01', purchaseCost: 6400 }],
    },
    201,
  );
  unitNumber = received.units[0]!.unitNumber;
  await w.ctx.dispose();
});

test.afterAll(async ({ baseURL }) => {
  const c = await apiAs(baseURL!, 'samordnare');
  await c.call('put', `/api/provision/rules/work-order-types/${TYPE}`, {
    sv: 'Support digitala hjälpmedel',
    en: 'Digital-aid support',
    startWithinWorkingDays: 3,
    doneWithinWorkingDays: 10,
    withinWorkingHours: null,
    requiredAttachments: [],
  });
  await c.ctx.dispose();
});

test('the function coordinator changes a work-order type’s limit, and a new work order of that type gets it', async ({ page, baseURL }) => {
  await loginAs(page, 'samordnare', '/');
  const adminMenu = page.getByRole('list', { name: 'Administration' });
  await adminMenu.getByRole('link', { name: 'Regler', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Regler' })).toBeVisible();
  const types = page.getByRole('grid', { name: 'Arbetsordertyper' });
  const row = types.getByRole('row').filter({ hasText: 'Support digitala hjälpmedel' });
  await expect(row).toContainText('Antagande');
  await expectNoAxeViolations(page, 'rules page');

  await row.getByRole('button', { name: 'Ändra arbetsordertypen Support digitala hjälpmedel' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ändra arbetsordertypen Support digitala hjälpmedel' });
  await expect(dialog.getByLabel('Klar inom (arbetsdagar)')).toHaveValue('10');
  await expectNoAxeViolations(page, 'work-order type dialog');
  await dialog.getByLabel('Klar inom (arbetsdagar)').fill('x');
  await dialog.getByRole('button', { name: 'Spara' }).click();
  await expect(dialog.getByText('Ange ett helt tal, eller lämna tomt.')).toBeVisible();
  await dialog.getByLabel('Klar inom (arbetsdagar)').fill('14');
  await dialog.getByRole('button', { name: 'Spara' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: /Sparat som version \d+ av Fredrik Holm/ })).toBeVisible();
  // The cells after the type's name: started within, done within, within hours, attachments.
  await expect(row.getByRole('gridcell').nth(1)).toHaveText('14');
  await expect(page.getByTestId('rules-version')).toContainText('Fredrik Holm');

  // A work order of that type, sent now through the contract as another region's system would.
  const p = await apiAs(baseURL!, 'forskrivare');
  await declareCareRelationship(p, PATIENT_IDENTIFIER);
  const orderId = crypto.randomUUID();
  await p.call(
    'post',
    '/api/contract/v1/messages',
    orderSubmit({
      orderId,
      orderType: 'workOrder',
      patient: {
        identifier: PATIENT_IDENTIFIER,
        identifierKind: 'personnummer',
        firstName: 'Åsa',
        lastName: 'Påhlsson',
        protectedIdentity: false,
        homeMunicipalityCode: '9901',
        address: { careOf: null, street: 'Björkgatan 30', postalCode: '990 78', city: 'Norrvik' },
      },
      delivery: { kind: 'none' },
      lines: [{ lineId: crypto.randomUUID(), lineNumber: 1, articleNumber: null, quantity: 1, unitNumber, accessoryForLineId: null, note: null }],
      workOrder: { typeCode: TYPE, description: 'Plattan startar inte efter uppdateringen.', preferredDate: null },
    }),
    202,
  );
  await p.ctx.dispose();

  await loginAs(page, 'tekniker', `/hmc/arbetsorder/${orderId}`);
  const assignment = page.getByRole('region', { name: 'Uppdraget' });
  await expect(assignment).toContainText('Support digitala hjälpmedel');
  await expect(assignment).toContainText(`Klar senast ${addWorkingDays(stockholmDateTime(new Date()).date, 14)}`);
  await expect(page.getByRole('link', { name: 'Regler', exact: true })).toHaveCount(0);
});
