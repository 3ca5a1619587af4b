import { expect, test, type Page } from '@playwright/test';
import { apiAs, declareCareRelationship, type Api } from './api.ts';
import { expectNoAxeViolations } from './axe.ts';
import { handbookShot } from './handbook.ts';
import { loginAs, mainNav, openPatient, untilAfterReload } from './helpers.ts';

// Preventive maintenance (besiktning, issue 19 items 1, 5 and 7): the spec makes its own lift article with an
// inspection interval of 12 months and delivers three units to its own patient (a demo-directory patient no other
// spec uses), back-dated so that one is due within the coming weeks, one is overdue and one is due later this month.
// The technician records an approved inspection and a failed one, which takes the unit out of use and tells the
// prescriber; the overdue overview; axe on every page and dialog; the page once in English.

test.describe.configure({ mode: 'serial', timeout: 90_000 });

const LIFT = 'Personlyft Besiktning E2E 180';
const PATIENT = {
  identifier: '195008239807',
  identifierKind: 'personnummer',
  firstName: 'Gunnel',
  lastName: 'Isaksson',
  protectedIdentity: false,
  homeMunicipalityCode: '9904',
  address: { careOf: null, street: 'Fyrvägen 5', postalCode: '993 29', city: 'Östervik' },
};
const units: { id: string; unitNumber: string }[] = [];

/** Today in Stockholm, and a date `months` and `days` from it (YYYY-MM-DD), as the centre counts. */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
function shift(iso: string, months: number, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1 + months, Math.min(d, 28) + days));
  return date.toISOString().slice(0, 10);
}

/**
 * The prescriber orders the lift for the patient on the web's order API (so the order is on the ordering side and the
 * unit comes onto the patient's device list), and the warehouse delivers `unitId` on `deliveredOn`.
 */
async function orderAndDeliver(p: Api, w: Api, articleId: string, unitId: string, deliveredOn: string) {
  const { patientId } = await p.call<{ patientId: string }>('post', '/api/patients/lookup', { identifier: PATIENT.identifier });
  const d = await p.call<{ id: string; version: number; customer: { id: string } }>('post', '/api/orders', { orderType: 'customerOrder', patientId }, 201);
  await p.call('put', `/api/orders/${d.id}`, {
    version: d.version,
    customerId: d.customer.id,
    patientId,
    contactName: 'Anna Åberg',
    contactPhone: '070-123 45 67',
    delivery: { kind: 'patientAddress' },
    lines: [{ articleId, quantity: 1 }],
  });
  await p.call('post', `/api/orders/${d.id}/submit`, {});
  let line = { id: '', version: 0 };
  await expect
    .poll(
      async () => {
        const r = await w.ctx.get(`/api/provision/orders/${d.id}`);
        if (r.status() !== 200) return 0;
        line = ((await r.json()) as { lines: { id: string; version: number }[] }).lines[0]!;
        return 1;
      },
      { timeout: 60_000 },
    )
    .toBe(1);
  const { lineVersion } = await w.call<{ lineVersion: number }>('post', `/api/provision/lines/${line.id}/reserve`, {
    version: line.version,
    unitIds: [unitId],
  });
  await w.call('post', `/api/provision/lines/${line.id}/deliver`, { version: lineVersion, units: [{ unitId }], deliveredOn });
}

test.beforeAll(async ({ baseURL }) => {
  const a = await apiAs(baseURL!, 'sortiment');
  const lift = await a.call<{ id: string; articleNumber: string }>(
    'post',
    '/api/catalogue/articles',
    {
      name: LIFT,
      articleType: 'H',
      isoCode: '12 36 03',
      chargingForm: 'rent',
      unitTracked: true,
      serialRequired: false,
      inspectionIntervalMonths: 12,
      published: true,
      orderable: true,
      inAssortment: true,
    },
    201,
  );
  await a.ctx.dispose();
  const w = await apiAs(baseURL!, 'lager');
  const warehouseId = (await w.call<{ id: string; code: string }[]>('get', '/api/provision/warehouses')).find((x) => x.code === 'HMC')!.id;
  const received = await w.call<{ units: { id: string; unitNumber: string }[] }>(
    'post',
    '/api/provision/units/receipts',
    { warehouseId, articleId: lift.id, units: [1, 2, 3].map(() => ({ serialNumber: null, purchaseDate: '2024-05-01', purchaseCost: 38000 })) },
    201,
  );
  units.push(...received.units);
  const p = await apiAs(baseURL!, 'forskrivare');
  await declareCareRelationship(p, PATIENT.identifier);
  const now = today();
  // Due in 10 days, overdue by 5 days, due in 20 days.
  await orderAndDeliver(p, w, lift.id, units[0]!.id, shift(now, -12, 10));
  await orderAndDeliver(p, w, lift.id, units[1]!.id, shift(now, -12, -5));
  await orderAndDeliver(p, w, lift.id, units[2]!.id, shift(now, -12, 20));
  await p.ctx.dispose();
  await w.ctx.dispose();
});

const status = (page: Page) => page.getByRole('status');
const card = (page: Page, unitNumber: string) => page.getByRole('listitem').filter({ has: page.getByRole('link', { name: unitNumber, exact: true }) });

/** Every checklist item OK, except those named (item label → comment). */
async function fillChecklist(page: Page, notOk: Record<string, string> = {}) {
  const dialog = page.getByRole('dialog');
  const groups = dialog.getByRole('radiogroup').filter({ has: page.getByRole('radio', { name: 'OK', exact: true }) });
  await expect(groups.first()).toBeVisible();
  const count = await groups.count();
  expect(count).toBeGreaterThan(3);
  for (let i = 0; i < count; i++) await groups.nth(i).getByText('OK', { exact: true }).click();
  for (const [item, comment] of Object.entries(notOk)) {
    await dialog.getByRole('radiogroup', { name: item }).getByText('Inte OK', { exact: true }).click();
    await dialog.getByLabel(`Kommentar: ${item}`).fill(comment);
  }
}

test('the technician sees the units due by delivery area with the patient’s address, and records an approved inspection', async ({ page }) => {
  await loginAs(page, 'tekniker', '/');
  await mainNav(page).getByRole('link', { name: 'Besiktningar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Besiktningar' })).toBeVisible();
  const area = page.getByRole('region', { name: /Centralorten/ });
  const row = card(page, units[0]!.unitNumber);
  await expect(area.getByRole('listitem').filter({ hasText: units[0]!.unitNumber })).toBeVisible();
  await expect(row.first()).toContainText('Gunnel Isaksson');
  await expect(row.first()).toContainText('Fyrvägen 5, 993 29 Östervik');
  await expect(row.first()).toContainText(shift(today(), 0, 10));
  await expectNoAxeViolations(page, 'inspections page');
  await handbookShot(page, 'tekniker-besiktningar');

  await row
    .first()
    .getByRole('button', { name: `Besikta ${units[0]!.unitNumber}` })
    .click();
  const dialog = page.getByRole('dialog', { name: `Besiktningsprotokoll: ${units[0]!.unitNumber}` });
  await expect(dialog).toContainText('Protokoll: Personlyft');
  await expect(dialog.getByRole('radiogroup', { name: 'Provlyft med maxlast, lyftrörelsen jämn' })).toBeVisible();
  await fillChecklist(page);
  await dialog.getByRole('radiogroup', { name: 'Resultat' }).getByText('Godkänd', { exact: true }).click();
  await expect(dialog.getByLabel('Nästa besiktning')).toHaveValue(shift(today(), 12, 0).slice(0, 8) + today().slice(8));
  await expectNoAxeViolations(page, 'inspection dialog');
  await handbookShot(page, 'tekniker-besiktning-protokoll');
  await dialog.getByRole('button', { name: 'Spara besiktningen' }).click();
  const saved = status(page).filter({ hasText: `${units[0]!.unitNumber} är godkänd. Nästa besiktning` });
  await expect(saved).toBeVisible();
  // The inspection is one of the centre's work orders, numbered in its own series.
  const number = /Besiktning (BES-\d{6}):/.exec((await saved.textContent()) ?? '')?.[1];
  expect(number).toBeTruthy();
  await expect(card(page, units[0]!.unitNumber)).toHaveCount(0);
  await expectNoAxeViolations(page, 'inspections page after approval');

  // The unit card shows the inspection and the next date, and lists it in the work-order history with its protocol.
  await page.goto(`/hmc/individer/${units[0]!.id}`);
  const inspections = page.getByRole('region', { name: 'Besiktningar' });
  await expect(inspections).toContainText('Godkänd');
  await expect(inspections).toContainText('Personlyft');
  await expect(inspections).toContainText(number!);
  const entry = page.getByRole('region', { name: 'Arbetsordrar' }).getByRole('listitem').filter({ hasText: number! });
  await expect(entry).toContainText('Besiktning');
  await expect(entry).toContainText('Utförd');
  await expect(entry).toContainText('Godkänd');
  await expect(entry).toContainText(today());
  // The protocol opens in place (it is not a work order from the ordering side, so no page of its own).
  const item = entry.getByRole('listitem').filter({ hasText: 'Provlyft med maxlast, lyftrörelsen jämn' });
  await expect(item).toBeHidden();
  await entry.getByText(`Besiktningsprotokoll ${number!}`).click();
  await expect(item).toBeVisible();
  await expect(item).toHaveText('Provlyft med maxlast, lyftrörelsen jämn: OK');
  await expectNoAxeViolations(page, 'unit card with an inspection in the work-order history');
});

test('an overdue unit is under Försenade; failed, it is taken out of use and the prescriber is told', async ({ page }) => {
  const unit = units[1]!.unitNumber;
  await loginAs(page, 'tekniker', '/hmc/besiktningar');
  const overdue = page.getByRole('region', { name: 'Försenade' });
  const row = overdue.getByRole('listitem').filter({ hasText: unit });
  await expect(row).toContainText('Försenad');
  await expect(row).toContainText(shift(today(), 0, -5));
  await expectNoAxeViolations(page, 'overdue overview');

  await row.getByRole('button', { name: `Besikta ${unit}` }).click();
  const dialog = page.getByRole('dialog', { name: `Besiktningsprotokoll: ${unit}` });
  await fillChecklist(page, { 'Provlyft med maxlast, lyftrörelsen jämn': 'Lyftmotorn stannar vid 120 kg' });
  await dialog.getByRole('radiogroup', { name: 'Resultat' }).getByText('Underkänd', { exact: true }).click();
  await expect(dialog).toContainText('individen tas ur bruk');
  await expect(dialog.getByLabel('Nästa besiktning')).toHaveCount(0);
  // A failed inspection needs the remark the customer is told.
  await dialog.getByRole('button', { name: 'Spara besiktningen' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Anmärkning' })).toBeFocused();
  await dialog.getByRole('textbox', { name: 'Anmärkning' }).fill('Lyften klarar inte maxlast och får inte användas. Vi byter den.');
  await expectNoAxeViolations(page, 'inspection dialog, failed');
  await dialog.getByRole('button', { name: 'Spara besiktningen' }).click();
  await expect(status(page).filter({ hasText: `${unit} är underkänd och tagen ur bruk` })).toBeVisible();
  const outOfUse = page.getByRole('region', { name: 'Underkända – tagna ur bruk' });
  await expect(outOfUse.getByRole('listitem').filter({ hasText: unit })).toContainText(/Ur bruk sedan \d{4}-\d{2}-\d{2} \(besiktning BES-\d{6}\)/);
  await expect(overdue.getByRole('listitem').filter({ hasText: unit })).toHaveCount(0);
  await expectNoAxeViolations(page, 'inspections page with a failed unit');

  await page.goto(`/hmc/individer/${units[1]!.id}`);
  await expect(page.locator('#unit-details')).toContainText('Ur bruk sedan');
  await expect(page.getByRole('region', { name: 'Besiktningar' })).toContainText(
    'Provlyft med maxlast, lyftrörelsen jämn: inte OK – Lyftmotorn stannar vid 120 kg',
  );
  // In the work-order history: Underkänd with the remark, and the protocol with the item not OK.
  const failedEntry = page
    .getByRole('region', { name: 'Arbetsordrar' })
    .getByRole('listitem')
    .filter({ hasText: /Besiktningsprotokoll BES-\d{6}/ });
  await expect(failedEntry).toHaveCount(1);
  await expect(failedEntry).toContainText('Underkänd');
  await expect(failedEntry).toContainText('Lyften klarar inte maxlast och får inte användas.');
  await failedEntry.getByText(/Besiktningsprotokoll BES-\d{6}/).click();
  await expect(failedEntry.getByRole('listitem').filter({ hasText: 'Provlyft med maxlast' })).toHaveText(
    'Provlyft med maxlast, lyftrörelsen jämn: Inte OK – Lyftmotorn stannar vid 120 kg',
  );
  await expectNoAxeViolations(page, 'unit card, failed');

  // The prescriber sees it on the patient's device list.
  await openPatient(page, { number: PATIENT.identifier, name: 'Gunnel Isaksson' });
  await untilAfterReload(page, async () => {
    const device = page.getByRole('row').filter({ hasText: unit });
    await expect(device).toContainText('Underkänd vid besiktning');
    await expect(device).toContainText('Lyften klarar inte maxlast');
  });
  await expectNoAxeViolations(page, 'device list with a failed unit');

  // Repaired at the patient's: the technician inspects it again from the unit card, approved, back in use.
  await loginAs(page, 'tekniker', `/hmc/individer/${units[1]!.id}`);
  await page
    .getByRole('region', { name: 'Besiktningar' })
    .getByRole('button', { name: `Besikta ${unit}` })
    .click();
  const again = page.getByRole('dialog', { name: `Besiktningsprotokoll: ${unit}` });
  await fillChecklist(page);
  await again.getByRole('radiogroup', { name: 'Resultat' }).getByText('Godkänd', { exact: true }).click();
  await again.getByRole('button', { name: 'Spara besiktningen' }).click();
  await expect(status(page).filter({ hasText: `${unit} är godkänd` })).toBeVisible();
  await expect(page.locator('#unit-details')).not.toContainText('Ur bruk sedan');
  await expectNoAxeViolations(page, 'unit card, approved again');
  await openPatient(page, { number: PATIENT.identifier, name: 'Gunnel Isaksson' });
  await untilAfterReload(page, async () => {
    const device = page.getByRole('row').filter({ hasText: unit });
    await expect(device).toContainText('Utlånad');
    await expect(device).not.toContainText('Underkänd vid besiktning');
  });
});

test('the inspections page in English', async ({ page }) => {
  await loginAs(page, 'tekniker', '/hmc/besiktningar');
  await page.getByRole('button', { name: 'Change language to English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inspections' })).toBeVisible();
  await page.getByRole('button', { name: `Inspect ${units[2]!.unitNumber}` }).click();
  await expect(page.getByRole('dialog', { name: `Inspection record: ${units[2]!.unitNumber}` })).toBeVisible();
  await expectNoAxeViolations(page, 'inspection dialog in English');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expectNoAxeViolations(page, 'inspections page in English');
});

test('the function coordinator changes a checklist on the page Regler: a new rules version', async ({ page }) => {
  // As Fredrik Holm, like e2e/rules.spec.ts, so a version made here names the same person if both run at once.
  await loginAs(page, 'samordnare', '/admin/regler');
  const section = page.getByRole('region', { name: 'Besiktningsprotokoll' });
  await expect(section.getByRole('region', { name: /Säng/ })).toContainText('Handkontroll och kabel hela');
  await expect(section.getByRole('region', { name: /Allmän besiktning/ })).toContainText('alla andra ISO-klasser');
  await expectNoAxeViolations(page, 'rules page with inspection checklists');
  await section.getByRole('button', { name: 'Ändra protokollet Säng' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ändra protokollet Säng' });
  await dialog.getByRole('button', { name: 'Lägg till kontrollpunkt' }).click();
  const item = dialog.getByRole('group', { name: 'Kontrollpunkt 8' });
  await item.getByLabel('Benämning (svenska)').fill('Madrassens överdrag helt');
  await item.getByLabel('Benämning (engelska)').fill('Mattress cover intact');
  await expectNoAxeViolations(page, 'checklist dialog');
  await dialog.getByRole('button', { name: 'Spara' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Sparat som version \d+/ })).toBeVisible();
  await expect(section.getByRole('region', { name: /Säng/ })).toContainText('Madrassens överdrag helt');
});
