import { and, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { stockholmDateTime, workingDaysBetween } from '../../platform/calendar/index.ts';
import { appUser, customer } from '../schema.ts';
import type { ApplicationView } from './application-schemas.ts';
import { accessApplication } from './schema.ts';

const applicant = alias(appUser, 'applicant');
const subject = alias(appUser, 'subject');

/** Applications with their names and the clock, in the order asked for. */
export async function loadApplications(
  db: DbOrTx,
  now: Date,
  where: SQL | undefined,
  opts: { orderBy?: SQL[]; limit?: number; offset?: number } = {},
): Promise<ApplicationView[]> {
  let q = db
    .select({
      a: accessApplication,
      applicantFirst: applicant.firstName,
      applicantLast: applicant.lastName,
      subjectFirst: subject.firstName,
      subjectLast: subject.lastName,
      customerNumber: customer.customerNumber,
      customerName: customer.name,
    })
    .from(accessApplication)
    .innerJoin(applicant, eq(applicant.id, accessApplication.applicantUserId))
    .leftJoin(subject, eq(subject.id, accessApplication.userId))
    .leftJoin(customer, eq(customer.id, accessApplication.customerId))
    .where(where)
    .$dynamic();
  if (opts.orderBy?.length) q = q.orderBy(...opts.orderBy);
  if (opts.limit !== undefined) q = q.limit(opts.limit);
  if (opts.offset) q = q.offset(opts.offset);
  const rows = await q;
  return rows.map((r) => {
    const a = r.a;
    const end = a.decidedAt ?? now;
    const decided = a.decidedAt !== null;
    return {
      id: a.id,
      kind: a.kind,
      state: a.state,
      applicant: { userId: a.applicantUserId, name: `${r.applicantFirst} ${r.applicantLast}` },
      careProviderId: a.careProviderId,
      customer: a.customerId ? { id: a.customerId, customerNumber: r.customerNumber ?? '', name: r.customerName ?? '' } : null,
      userId: a.userId,
      personName: a.kind === 'newUser' || !r.subjectFirst ? `${a.firstName ?? ''} ${a.lastName ?? ''}`.trim() : `${r.subjectFirst} ${r.subjectLast}`,
      firstName: a.firstName,
      lastName: a.lastName,
      email: a.email,
      phone: a.phone,
      hsaId: a.hsaId,
      profession: a.profession,
      roles: a.roles,
      manager: { name: a.managerName, email: a.managerEmail, phone: a.managerPhone },
      note: a.note,
      clock: {
        receivedAt: a.receivedAt,
        targetDays: a.targetDays,
        dueAt: a.dueAt,
        hoursSinceReceived: Math.max(0, Math.floor((end.getTime() - a.receivedAt.getTime()) / 3_600_000)),
        workingDaysSinceReceived: Math.max(0, workingDaysBetween(stockholmDateTime(a.receivedAt).date, stockholmDateTime(end).date)),
        overdue: end.getTime() > a.dueAt.getTime(),
        withinTarget: decided ? a.decidedAt!.getTime() <= a.dueAt.getTime() : null,
      },
      decidedAt: a.decidedAt,
      decidedByUserId: a.decidedByUserId,
      refusalReason: a.refusalReason,
    };
  });
}

export async function loadApplication(ctx: Ctx, db: DbOrTx, id: string): Promise<ApplicationView | undefined> {
  return (await loadApplications(db, ctx.now(), and(eq(accessApplication.id, id))))[0];
}
