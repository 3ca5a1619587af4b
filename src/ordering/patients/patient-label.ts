import { z } from 'zod';

/**
 * How a list or a message names a patient where the patient is not the page's subject (the start page's
 * messages): the name, or for a protected identity (skyddad identitet) only the initials, so that the name of
 * someone the register protects is never on a screen that others may see in passing.
 */
export const patientLabelView = z.object({
  /** Null for a protected identity: the name is never sent. */
  name: z.string().nullable(),
  /** "A. L." (first name, surname). */
  initials: z.string(),
  protectedIdentity: z.boolean(),
});
export type PatientLabel = z.infer<typeof patientLabelView>;

const initial = (name: string) => {
  const c = name.trim().charAt(0);
  return c ? `${c.toLocaleUpperCase('sv')}.` : '';
};

/** "Astrid Lindqvist" and "A. L."; a protected identity: only "S. Ö.". */
export function patientLabel(p: { firstName: string; lastName: string; protectedIdentity: boolean }): PatientLabel {
  const initials = [initial(p.firstName), initial(p.lastName)].filter(Boolean).join(' ');
  return { name: p.protectedIdentity ? null : `${p.firstName} ${p.lastName}`.trim(), initials, protectedIdentity: p.protectedIdentity };
}
