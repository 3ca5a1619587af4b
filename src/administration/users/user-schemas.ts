import { z } from 'zod';
import { email, phone, text } from '../../platform/http/schemas.ts';
import { roles } from '../schema.ts';

export const hsaId = z
  .string()
  .trim()
  .max(31)
  .regex(/^SE[0-9]{10}-[0-9A-Za-z]{1,18}$/, 'HSA-id har formen SE<organisationsnummer>-<id>, t.ex. SE2321000016-A1B2');

export const profession = z.enum([
  'occupationalTherapist',
  'physiotherapist',
  'nurse',
  'doctor',
  'speechTherapist',
  'assistantNurse',
  'technician',
  'administrator',
  'other',
]);

export const userInput = z.strictObject({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .min(2)
    .max(64)
    .regex(/^[a-z0-9._-]+$/, 'användarnamn får bara innehålla a–z, 0–9, punkt, bindestreck och understreck'),
  firstName: text(100),
  lastName: text(100),
  profession: profession.nullish(),
  hsaId: hsaId.nullish().or(z.literal('').transform(() => null)),
  phone: phone.nullish().or(z.literal('').transform(() => null)),
  email: email.nullish().or(z.literal('').transform(() => null)),
  roles: z.array(z.enum(roles)).max(roles.length),
  memberships: z
    .array(z.strictObject({ customerId: z.uuid(), isDefault: z.boolean() }))
    .max(200)
    .refine((ms) => ms.length === 0 || ms.filter((m) => m.isDefault).length === 1, {
      message: 'exakt en kund ska vara förvald',
      params: { code: 'exactly_one_default' },
    })
    .refine((ms) => new Set(ms.map((m) => m.customerId)).size === ms.length, 'samma kund finns två gånger'),
  password: z.string().min(12, 'lösenordet ska ha minst 12 tecken').max(200).optional(),
});
export type UserInput = z.infer<typeof userInput>;

export const userUpdate = userInput.omit({ username: true, password: true }).partial().strict();
export type UserUpdate = z.infer<typeof userUpdate>;

export const userView = z.object({
  id: z.uuid(),
  username: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  profession: z.string().nullable(),
  hsaId: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  locale: z.enum(['sv', 'en']),
  active: z.boolean(),
  inactivatedAt: z.date().nullable(),
  lockedUntil: z.date().nullable(),
  lastLoginAt: z.date().nullable(),
  roles: z.array(z.enum(roles)),
  memberships: z.array(z.object({ customerId: z.uuid(), customerNumber: z.string(), customerName: z.string(), isDefault: z.boolean() })),
});
export type UserView = z.infer<typeof userView>;

export const userListItem = userView.pick({
  id: true,
  username: true,
  firstName: true,
  lastName: true,
  profession: true,
  hsaId: true,
  active: true,
  lastLoginAt: true,
  roles: true,
});

/** A page of the user list (GET /api/users). */
export const userPage = z.object({ items: z.array(userListItem), nextCursor: z.string().nullable() });

export const userListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  role: z.enum(roles).optional(),
  customerId: z.uuid().optional(),
  active: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(400).optional(),
});
export type UserListQuery = z.infer<typeof userListQuery>;
