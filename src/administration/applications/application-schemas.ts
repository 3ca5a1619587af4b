import { z } from 'zod';
import { email, phone, text } from '../../platform/http/schemas.ts';
import { roles } from '../schema.ts';
import { hsaId, profession } from '../users/user-schemas.ts';
import { applicationKinds, applicationStates } from './schema.ts';

/** The responsible manager (ansvarig chef): all three are required, with Swedish messages. */
export const manager = z.strictObject(
  {
    name: z.string({ error: 'ange ansvarig chefs namn' }).trim().min(1, 'ange ansvarig chefs namn').max(200),
    email: z.email({ error: 'ange ansvarig chefs e-postadress' }).max(200),
    phone: z
      .string({ error: 'ange ansvarig chefs telefonnummer' })
      .trim()
      .max(30)
      .regex(/^[+0-9][0-9 \-()]{4,29}$/, 'ange ansvarig chefs telefonnummer'),
  },
  { error: 'ange ansvarig chef: namn, e-postadress och telefonnummer' },
);

const roleList = z.array(z.enum(roles)).min(1, 'ange minst en roll').max(roles.length);
const note = z.string().trim().max(2000).optional();

export const newUserApplication = z.strictObject({
  kind: z.literal('newUser'),
  customerId: z.uuid(),
  firstName: text(100),
  lastName: text(100),
  /** Required: the new user is told by e-mail. */
  email,
  phone: phone.optional(),
  hsaId: hsaId.optional(),
  profession: profession.optional(),
  roles: roleList,
  manager,
  note,
});

export const changeApplication = z.strictObject({
  kind: z.literal('change'),
  userId: z.uuid(),
  changes: z
    .strictObject({
      firstName: text(100).optional(),
      lastName: text(100).optional(),
      /** The new workplace: the user's memberships become this one customer. */
      customerId: z.uuid().optional(),
      roles: roleList.optional(),
      profession: profession.optional(),
    })
    .refine((c) => Object.values(c).some((v) => v !== undefined), 'ange minst en ändring'),
  manager,
  note,
});

export const leaverApplication = z.strictObject({
  kind: z.literal('leaver'),
  userId: z.uuid(),
  manager,
  note,
});

export const applicationInput = z.discriminatedUnion('kind', [newUserApplication, changeApplication, leaverApplication]);
export type ApplicationInput = z.infer<typeof applicationInput>;

export const applicationView = z.object({
  id: z.uuid(),
  kind: z.enum(applicationKinds),
  state: z.enum(applicationStates),
  applicant: z.object({ userId: z.uuid(), name: z.string() }),
  careProviderId: z.uuid().nullable(),
  customer: z.object({ id: z.uuid(), customerNumber: z.string(), name: z.string() }).nullable(),
  userId: z.uuid().nullable(),
  /** For a change or leaver: the account's current name; for a new user: the name applied for. */
  personName: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  hsaId: z.string().nullable(),
  profession: z.string().nullable(),
  roles: z.array(z.enum(roles)).nullable(),
  manager: z.object({ name: z.string(), email: z.string(), phone: z.string() }),
  note: z.string().nullable(),
  /** The clock, as data: when it arrived, how long it has waited, when it is due. */
  clock: z.object({
    receivedAt: z.date(),
    targetDays: z.number(),
    dueAt: z.date(),
    /** Whole hours since it arrived (until the decision, once decided). */
    hoursSinceReceived: z.number(),
    /** Swedish working days since it arrived (until the decision, once decided). */
    workingDaysSinceReceived: z.number(),
    overdue: z.boolean(),
    /** Decided: whether it was registered within the target. */
    withinTarget: z.boolean().nullable(),
  }),
  decidedAt: z.date().nullable(),
  decidedByUserId: z.uuid().nullable(),
  refusalReason: z.string().nullable(),
});
export type ApplicationView = z.infer<typeof applicationView>;

export const applicationListQuery = z.strictObject({
  state: z.enum(applicationStates).default('received'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** How many to skip (the queue is short: registered within a week). */
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const applicationPage = z.object({ items: z.array(applicationView), total: z.number() });

export const approveInput = z
  .strictObject({
    /** New user: the username; when left out one is made from the name (anna.aberg, anna.aberg2 …). */
    username: z
      .string()
      .trim()
      .toLowerCase()
      .min(2)
      .max(64)
      .regex(/^[a-z0-9._-]+$/, 'användarnamn får bara innehålla a–z, 0–9, punkt, bindestreck och understreck')
      .optional(),
  })
  .nullish();

export const refuseInput = z.strictObject({
  reason: z.string({ error: 'ange skälet till avslaget' }).trim().min(1, 'ange skälet till avslaget').max(2000),
});

export const registrationQuery = z.strictObject({
  /** First month, 'YYYY-MM'. */
  from: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'ange månad som ÅÅÅÅ-MM'),
  /** Last month, 'YYYY-MM', inclusive. */
  to: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'ange månad som ÅÅÅÅ-MM'),
});

export const registrationMonth = z.object({
  month: z.string(),
  received: z.number(),
  registered: z.number(),
  registeredWithinTarget: z.number(),
  /** Not yet registered and past the target: these count as missed. */
  pendingOverdue: z.number(),
  /** Not yet registered and still within the target: not counted either way yet. */
  pendingWithinTarget: z.number(),
  /** registeredWithinTarget / (received − pendingWithinTarget); null when nothing can be counted yet. */
  shareWithinTarget: z.number().nullable(),
});
export type RegistrationMonth = z.infer<typeof registrationMonth>;
