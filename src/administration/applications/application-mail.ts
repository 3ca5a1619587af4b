import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { queueMails } from '../../platform/mail/mail.ts';
import { roleLabels } from '../../platform/auth/access.ts';
import { appUser } from '../schema.ts';
import type { ApplicationView } from './application-schemas.ts';

const kindLabels = { newUser: 'ny användare', change: 'ändrad behörighet', leaver: 'avslutad behörighet' } as const;

const day = (d: Date) => stockholmDateTime(d).date;

/**
 * Tells the applicant, the user and the responsible manager about a decision, each by their own mail, queued in
 * the decision's transaction. Plain Swedish text; no personal identity numbers (Bistå has none for users).
 */
export async function queueDecisionMails(tx: Tx, app: ApplicationView, extra: { username?: string; userEmail?: string | null }) {
  const [applicant] = await tx.select({ email: appUser.email }).from(appUser).where(eq(appUser.id, app.applicant.userId));
  const approved = app.state === 'approved';
  const subject = `Behörighetsansökan ${approved ? 'beviljad' : 'avslagen'}: ${app.personName} (${kindLabels[app.kind]})`;
  const lines = [
    'Hej!',
    '',
    `Ansökan om ${kindLabels[app.kind]} i Bistå för ${app.personName}${app.customer ? `, ${app.customer.name}` : ''}, som kom in ${day(app.clock.receivedAt)}, är ${approved ? 'beviljad och registrerad' : 'avslagen'} ${day(app.decidedAt!)}.`,
  ];
  if (approved && app.kind === 'newUser') {
    lines.push('', `Användarnamn: ${extra.username}`, `Roller: ${(app.roles ?? []).map((r) => roleLabels[r]).join(', ')}`);
    lines.push('Logga in med ditt SITHS-kort (e-tjänstekort). Har du inget kort kontaktar du ditt lokala användarstöd.');
  }
  if (approved && app.kind === 'change') lines.push('', 'Ändringen gäller från och med nu. Logga in på nytt för att få de nya behörigheterna.');
  if (approved && app.kind === 'leaver') lines.push('', 'Kontot är inaktiverat och kan inte längre användas för att logga in.');
  if (!approved) lines.push('', `Skäl: ${app.refusalReason}`);
  lines.push('', `Ansvarig chef: ${app.manager.name}`, `Ansökan gjord av: ${app.applicant.name}`, '', 'Hälsningar', 'Systemförvaltningen för Bistå');
  await queueMails(tx, [applicant?.email, extra.userEmail, app.manager.email], {
    subject,
    body: lines.join('\n'),
    reason: approved ? 'accessApplication.approve' : 'accessApplication.refuse',
  });
}
