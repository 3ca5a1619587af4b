import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { choose, loginAs, mainNav } from './helpers.ts';

// Issue 14: a support ticket raised, answered and escalated (the requester sees the reply); a proposal decided by
// the preparation group; an upgrade test round run and signed off (refused first, with open cases).
test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36).slice(-5);
const subject = `Kan inte skriva ut följesedel ${run}`;
const proposalTitle = `Sök artikel på GTIN ${run}`;
const release = `7.${run}`;

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f60000000049454e44ae426082',
  'hex',
);

async function relogin(page: Page, username: string, path: string) {
  await page.context().clearCookies();
  await loginAs(page, username, path);
}

test('a ticket is raised from a page, answered and escalated, and the requester sees the reply', async ({ page }) => {
  test.setTimeout(90_000);
  // The orderer raises a ticket from the article search: the page and browser go with it.
  await loginAs(page, 'bestallare', '/artiklar');
  await page.getByRole('banner').getByRole('button', { name: 'Kontakta support' }).click();
  const dialog = page.getByRole('dialog', { name: 'Kontakta support' });
  await expect(dialog).toContainText('/artiklar');
  await dialog.getByRole('button', { name: 'Skicka till support' }).click();
  await expect(dialog.getByText('Fyll i fältet.').first()).toBeVisible();
  await expectNoAxeViolations(page, 'contact support dialog');
  await dialog.getByRole('textbox', { name: 'Rubrik' }).fill(subject);
  await dialog.getByRole('textbox', { name: 'Beskrivning' }).fill('Knappen Skriv ut gör ingenting.');
  await dialog.getByRole('button', { name: 'Skicka till support' }).click();
  // A receipt over the page the user was on, which stays as it was.
  const receipt = page.getByRole('dialog', { name: 'Ärendet är skickat' });
  await expect(receipt).toContainText(`Ditt ärende "${subject}" är skickat till supporten.`);
  await expectNoAxeViolations(page, 'ticket sent receipt');
  await receipt.getByRole('link', { name: 'Öppna ärendet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  await expect(page.locator('.details')).toContainText('/artiklar');
  await expect(page.locator('.details')).toContainText('Mozilla');

  // A disguised file and an oversized one are refused in words; a real screenshot is taken.
  const attachments = page.getByRole('region', { name: 'Bilagor' });
  await attachments
    .locator('input[type=file]')
    .setInputFiles({ name: 'skarmbild.png', mimeType: 'image/png', buffer: Buffer.from('MZ\x90\x00 this is a program') });
  await attachments.getByRole('button', { name: 'Ladda upp bilagan' }).click();
  await expect(attachments.getByRole('alert')).toContainText('bara PDF och bilder');
  const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024 + 10)]);
  await attachments.locator('input[type=file]').setInputFiles({ name: 'stor.png', mimeType: 'image/png', buffer: big });
  await attachments.getByRole('button', { name: 'Ladda upp bilagan' }).click();
  await expect(attachments.getByRole('alert')).toContainText('större än 10 MB');
  await expect(attachments.getByText('Inga bilagor.')).toBeVisible();
  await attachments.locator('input[type=file]').setInputFiles({ name: 'skarmbild.png', mimeType: 'image/png', buffer: PNG });
  await attachments.getByRole('button', { name: 'Ladda upp bilagan' }).click();
  await expect(attachments.getByText('Bilagan skarmbild.png är uppladdad.')).toBeVisible();
  const link = attachments.getByRole('link', { name: 'skarmbild.png' });
  const download = await page.request.get((await link.getAttribute('href'))!);
  expect(download.status()).toBe(200);
  expect(Buffer.from(await download.body()).equals(PNG)).toBe(true);
  await expectNoAxeViolations(page, 'ticket as requester');

  // Local support at the same care provider sees it in the queue with the clock, replies and escalates.
  await relogin(page, 'anvandarstod', '/');
  await mainNav(page).getByRole('link', { name: 'Supportkö' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Supportkö' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: subject });
  await expect(row).toContainText('1 Lokal användarsupport');
  await expect(row).toContainText(/h kvar/);
  await expectNoAxeViolations(page, 'support queue');
  await row.getByRole('link', { name: subject }).click();
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  await expect(page.locator('.details')).toContainText('kvar (kalendertimmar)');
  const reply = page.getByRole('region', { name: 'Svara' });
  await reply.getByRole('textbox', { name: 'Svar till anmälaren' }).fill('Prova att uppdatera sidan. Vi undersöker skrivaren.');
  await reply.getByRole('button', { name: 'Skicka svar' }).click();
  await expect(reply.getByText('Svaret är skickat.')).toBeVisible();
  await expect(page.locator('.details')).toContainText('Besvarat efter');
  const handling = page.getByRole('region', { name: 'Handläggning' });
  await handling.getByRole('button', { name: 'Eskalera till nivå 2' }).click();
  await expect(handling.getByText('Fyll i fältet.').first()).toBeVisible();
  await handling.getByRole('textbox', { name: 'Varför ärendet eskaleras' }).fill('Utskriften fungerar inte för någon hos oss.');
  await handling.getByRole('button', { name: 'Eskalera till nivå 2' }).click();
  await expect(handling.getByText('Ärendet är eskalerat till 2 Hjälpmedelscentralens support.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Händelser' })).toContainText('Eskalerat från nivå 1 till nivå 2');
  await expectNoAxeViolations(page, 'ticket as local support');

  // Local support's own level no longer lists it.
  await page.goto('/support/ko');
  await expect(page.getByText(/^\d+ ärenden$/)).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: subject })).toHaveCount(0);

  // The centre's support finds it on its level, escalates to system management, which sends it back; then it is resolved.
  await relogin(page, 'kundtjanst', '/support/ko');
  await page.getByRole('row').filter({ hasText: subject }).getByRole('link', { name: subject }).click();
  const centre = page.getByRole('region', { name: 'Handläggning' });
  await centre.getByRole('textbox', { name: 'Varför ärendet eskaleras' }).fill('Behöver loggar från servern.');
  await centre.getByRole('button', { name: 'Eskalera till nivå 3' }).click();
  await expect(centre.getByText('Ärendet är eskalerat till 3 Systemförvaltning.')).toBeVisible();
  await centre.getByRole('textbox', { name: 'Varför ärendet skickas tillbaka' }).fill('Loggarna visar en skrivardrivrutin hos kunden.');
  await centre.getByRole('button', { name: 'Skicka tillbaka till nivå 2' }).click();
  await expect(centre.getByText('Ärendet är skickat tillbaka till 2 Hjälpmedelscentralens support.')).toBeVisible();
  await choose(page, 'Ny status', 'Löst', centre);
  await centre.getByRole('textbox', { name: 'Kommentar (syns för anmälaren)' }).fill('Skrivardrivrutinen är uppdaterad.');
  await centre.getByRole('button', { name: 'Ändra status' }).click();
  await expect(centre.getByText('Status är ändrad till löst.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Händelser' })).toContainText('Skickat tillbaka från nivå 3 till nivå 2');
  await expectNoAxeViolations(page, 'ticket as centre support');

  // A ticket from a phone call, registered on someone's behalf.
  await page.goto('/support/ko');
  await page.getByRole('button', { name: 'Registrera ärende' }).click();
  const reg = page.getByRole('dialog', { name: 'Registrera ärende' });
  await reg.getByRole('textbox', { name: 'Anmälarens namn' }).fill('Per Persson');
  await reg.getByRole('textbox', { name: 'Anmälarens e-postadress' }).fill('per.persson@example.se');
  await reg.getByRole('textbox', { name: 'Rubrik' }).fill(`Telefon: glömt lösenord ${run}`);
  await reg.getByRole('textbox', { name: 'Beskrivning' }).fill('Ringde in kl 9.');
  await expectNoAxeViolations(page, 'register ticket dialog');
  await reg.getByRole('button', { name: 'Registrera ärende' }).click();
  await expect(page.getByText(`Ärendet "Telefon: glömt lösenord ${run}" är registrerat.`)).toBeVisible();

  // The requester sees the reply and the status, not the internal escalation note.
  await relogin(page, 'bestallare', '/');
  await mainNav(page).getByRole('link', { name: 'Support' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mina supportärenden' })).toBeVisible();
  const mine = page.getByRole('row').filter({ hasText: subject });
  await expect(mine).toContainText('Löst');
  await expectNoAxeViolations(page, 'my tickets');
  await mine.getByRole('link', { name: subject }).click();
  const history = page.getByRole('region', { name: 'Händelser' });
  await expect(history).toContainText('Prova att uppdatera sidan. Vi undersöker skrivaren.');
  await expect(history).toContainText('Skrivardrivrutinen är uppdaterad.');
  await expect(history).not.toContainText('Utskriften fungerar inte för någon hos oss.');
  await expect(history).not.toContainText('Eskalerat');
  await expect(page.getByRole('region', { name: 'Handläggning' })).toHaveCount(0);
});

test('a proposal is sent, prepared and decided by the preparation group; the proposer sees the status', async ({ page }) => {
  test.setTimeout(60_000);
  await loginAs(page, 'forskrivare', '/');
  await mainNav(page).getByRole('link', { name: 'Förslag' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Synpunkter och utvecklingsförslag' })).toBeVisible();
  await page.getByRole('button', { name: 'Lämna förslag' }).click();
  const dialog = page.getByRole('dialog', { name: 'Lämna förslag' });
  await dialog.getByRole('textbox', { name: 'Rubrik' }).fill(proposalTitle);
  await dialog.getByRole('textbox', { name: 'Beskrivning' }).fill('Streckkodsläsaren ger GTIN; sökningen borde hitta artikeln på det.');
  await expectNoAxeViolations(page, 'new proposal dialog');
  await dialog.getByRole('button', { name: 'Lämna förslag' }).click();
  await expect(page.getByText(`Ditt förslag "${proposalTitle}" är skickat till beredningsgruppen.`)).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: proposalTitle })).toContainText('Inskickat');
  await expectNoAxeViolations(page, 'proposals as proposer');

  await relogin(page, 'beredning', '/forslag');
  await page.getByRole('link', { name: proposalTitle }).click();
  await expect(page.getByRole('heading', { level: 1, name: proposalTitle })).toBeVisible();
  const prepare = page.getByRole('region', { name: 'Beredning' });
  await prepare.getByRole('textbox', { name: 'Kostnadsuppskattning (kr)' }).fill('tio tusen');
  await prepare.getByRole('button', { name: 'Spara beredningen' }).click();
  await expect(prepare.getByText('Ange kostnaden i hela kronor, till exempel 40000.')).toBeVisible();
  await prepare.getByRole('textbox', { name: 'Kostnadsuppskattning (kr)' }).fill('40000');
  await prepare.getByRole('checkbox', { name: 'Kan användas av flera kunder i landet' }).check({ force: true });
  await prepare.getByRole('button', { name: 'Spara beredningen' }).click();
  await expect(prepare.getByText('Beredningen är sparad. Finansieras av nationella användarföreningen.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Förslag' })).toContainText('Under beredning');

  const decide = page.getByRole('region', { name: 'Beslut', exact: true }).filter({ has: page.getByRole('button', { name: 'Registrera beslutet' }) });
  await decide.getByRole('radio', { name: 'Genomförs', exact: true }).check({ force: true });
  await decide.getByRole('textbox', { name: 'Beslutsdatum' }).fill('2026-12-03');
  await decide.getByRole('textbox', { name: 'Protokoll' }).fill('§ 12 Beredningsgruppen beslutar att förslaget genomförs i version 7.');
  await expectNoAxeViolations(page, 'proposal as preparation group');
  await decide.getByRole('button', { name: 'Registrera beslutet' }).click();
  await expect(page.getByText('Förslaget är beslutat; inga fler beslut registreras.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Förslag' })).toContainText('Beslutat: genomförs');
  await expect(page.locator('#decisions')).toContainText('§ 12 Beredningsgruppen beslutar');
  await expect(page.locator('#decisions')).toContainText('2026-12-03, registrerat av Greta Ström');

  // The proposer follows the status; the page in English too.
  await relogin(page, 'forskrivare', '/forslag');
  await expect(page.getByRole('row').filter({ hasText: proposalTitle })).toContainText('Beslutat: genomförs');
  await page.getByRole('button', { name: 'Change language to English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Feedback and development proposals' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: proposalTitle })).toContainText('Decided: will be done');
  await expect(page.getByRole('banner').getByRole('button', { name: 'Contact support' })).toBeVisible();
  await expectNoAxeViolations(page, 'proposals in English');
  await page.getByRole('button', { name: 'Byt språk till svenska' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Synpunkter och utvecklingsförslag' })).toBeVisible();
});

test('the function coordinator plans a round, sign-off is refused with open cases, testers run it and it is signed off', async ({ page }) => {
  test.setTimeout(90_000);
  await loginAs(page, 'samordnare', '/');
  await mainNav(page).getByRole('link', { name: 'Uppgraderingstest' }).click();
  await page.getByRole('link', { name: 'Planera testomgång' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Planera testomgång' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Version' }).fill(release);
  await page.getByRole('textbox', { name: 'Testdatum' }).fill('2027-01-20');
  const case1 = page.getByRole('group', { name: 'Testfall 1' });
  await case1.getByRole('textbox', { name: 'Rubrik' }).fill('Beställ rullstol');
  await case1.getByRole('textbox', { name: 'Steg' }).fill('1. Sök patient\n2. Lägg till rullstol\n3. Skicka');
  await case1.getByRole('textbox', { name: 'Förväntat resultat' }).fill('Beställningen får status skickad');
  await page.getByRole('button', { name: 'Lägg till testfall' }).click();
  const case2 = page.getByRole('group', { name: 'Testfall 2' });
  await case2.getByRole('textbox', { name: 'Rubrik' }).fill('Skriv ut följesedel');
  await case2.getByRole('textbox', { name: 'Steg' }).fill('1. Öppna beställningen\n2. Skriv ut');
  await case2.getByRole('textbox', { name: 'Förväntat resultat' }).fill('Följesedeln visas som PDF');
  // One tester of one care provider: warned, not refused.
  await page.getByRole('checkbox', { name: /^Erik Öhman/ }).check({ force: true });
  await expect(page.getByText('Testarna kommer från färre än två vårdgivare.', { exact: false })).toBeVisible();
  await page.getByRole('checkbox', { name: /^Erik Öhman/ }).uncheck({ force: true });
  await page.getByRole('checkbox', { name: /^Bo Ek/ }).check({ force: true });
  await page.getByRole('checkbox', { name: /^Anna Åberg/ }).check({ force: true });
  await expect(page.getByText('Testarna kommer från 2 vårdgivare.')).toBeVisible();
  await expectNoAxeViolations(page, 'plan test round');
  await page.getByRole('button', { name: 'Planera omgången' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Testomgång version ${release}` })).toBeVisible();
  await expect(page.getByText(`Testomgången för version ${release} är planerad.`)).toBeVisible();
  const roundUrl = page.url();

  // Signing off before the cases are run is refused, naming them.
  const signOff = page.getByRole('region', { name: 'Godkänn testomgången' });
  await signOff.getByRole('button', { name: 'Godkänn testomgången' }).click();
  await expect(signOff.getByRole('alert')).toContainText(
    'Testomgången kan inte godkännas: 2 av 2 testfall är inte körda (1. Beställ rullstol, 2. Skriv ut följesedel)',
  );
  await expectNoAxeViolations(page, 'test round, sign-off refused');

  // A tester records a pass and a failure (which needs a comment).
  await relogin(page, 'bestallare', roundUrl);
  const c1 = page.getByRole('region', { name: '1. Beställ rullstol' });
  await c1.getByRole('radio', { name: 'Godkänt' }).check({ force: true });
  await c1.getByRole('button', { name: 'Spara resultatet för testfall 1' }).click();
  await expect(c1.getByText('Resultatet för testfall 1 är sparat.')).toBeVisible();
  const c2 = page.getByRole('region', { name: '2. Skriv ut följesedel' });
  await c2.getByRole('radio', { name: 'Fel' }).check({ force: true });
  await c2.getByRole('button', { name: 'Spara resultatet för testfall 2' }).click();
  await expect(c2.getByText('Beskriv vad som hände.')).toBeVisible();
  await c2.getByRole('textbox', { name: 'Kommentar' }).fill('Tom sida i stället för PDF');
  await c2.getByRole('button', { name: 'Spara resultatet för testfall 2' }).click();
  await expect(c2.getByText('Resultatet för testfall 2 är sparat.')).toBeVisible();
  await expect(c2).toContainText('Tom sida i stället för PDF');
  await expectNoAxeViolations(page, 'test round as tester');

  // Every case run: the coordinator signs off, and the history per release shows it.
  await relogin(page, 'samordnare', roundUrl);
  await page
    .getByRole('region', { name: 'Godkänn testomgången' })
    .getByRole('textbox', { name: 'Anteckning vid godkännandet' })
    .fill('Fel 2 rättas i nästa version.');
  await page.getByRole('button', { name: 'Godkänn testomgången' }).click();
  await expect(page.getByText('Testomgången är godkänd.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Uppgraderingstest' })).toContainText('Godkänd');
  await page.getByRole('navigation', { name: 'Du är här' }).getByRole('link', { name: 'Uppgraderingstest' }).click();
  await choose(page, 'Visa version', `Version ${release}`);
  const row = page.getByRole('row').filter({ hasText: `Testomgång version ${release}` });
  await expect(row).toContainText('2 av 2 körda');
  await expect(row).toContainText('1 fel');
  await expect(row).toContainText('Godkänd');
  await expectNoAxeViolations(page, 'test round history');
});
