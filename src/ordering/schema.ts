import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

// The ordering side's tables (DOMAIN §2). Each feature keeps its tables in its own block below.
// No foreign keys to other modules' tables (users, customers): they are referred to by id only.

// ---------------------------------------------------------------------------------------------------------
// Patients (src/ordering/patients)
// ---------------------------------------------------------------------------------------------------------

export const patientKinds = ['personnummer', 'samordningsnummer'] as const;

/**
 * The embedded population register: a stand-in for the customers' population-register service
 * (folkbokföring) behind the patient-directory interface, used when BISTA_PATIENT_DIRECTORY=embedded.
 * Not the ordering side's own data: only the directory adapter reads it (src/ordering/patients/embedded-directory.ts).
 */
export const registerPatient = pgTable(
  'register_patient',
  {
    /** 12 digits, YYYYMMDDNNNC. */
    identifier: text('identifier').primaryKey(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    protectedIdentity: boolean('protected_identity').notNull().default(false),
    municipalityCode: text('municipality_code'),
    municipalityName: text('municipality_name'),
    street: text('street'),
    postalCode: text('postal_code'),
    city: text('city'),
  },
  (t) => [check('register_patient_identifier_check', sql`${t.identifier} ~ '^[0-9]{12}$'`)],
);

/**
 * A patient as the ordering side knows them: a snapshot of what orders need, refreshed from the directory
 * whenever the patient is opened. The personnummer appears only here (never in URLs or logs); everything
 * else refers to the internal id. A protected identity never has an address stored (checked by the database).
 */
export const patient = pgTable(
  'patient',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    identifier: text('identifier').notNull().unique(),
    kind: text('kind', { enum: patientKinds }).notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    protectedIdentity: boolean('protected_identity').notNull().default(false),
    homeMunicipalityCode: text('home_municipality_code'),
    homeMunicipalityName: text('home_municipality_name'),
    street: text('street'),
    postalCode: text('postal_code'),
    city: text('city'),
    /** When the snapshot was last taken from the directory. */
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('patient_identifier_check', sql`${t.identifier} ~ '^[0-9]{12}$'`),
    check('patient_protected_has_no_address', sql`not ${t.protectedIdentity} or (${t.street} is null and ${t.postalCode} is null and ${t.city} is null)`),
  ],
);

/**
 * Care-relationship declarations (DOMAIN §7): the user declared a care relationship with the patient,
 * acting for a customer, on a Swedish calendar day. One row per user, patient and day.
 */
export const careRelationship = pgTable(
  'care_relationship',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: uuid('user_id').notNull(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    customerId: uuid('customer_id'),
    careProviderId: uuid('care_provider_id'),
    /** The Europe/Stockholm date the declaration covers. */
    day: date('day', { mode: 'string' }).notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('care_relationship_user_patient_day_idx').on(t.userId, t.patientId, t.day), index('care_relationship_patient_idx').on(t.patientId)],
);

// ---------------------------------------------------------------------------------------------------------
// Orders (src/ordering/orders) — added by the order work.
// ---------------------------------------------------------------------------------------------------------
