/** The constraint name if `err` (or what Drizzle wrapped) is a unique violation, else null. */
export function uniqueViolation(err: unknown): string | null {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const pgErr = e as { code?: string; constraint?: string; detail?: string; message?: string };
    if (pgErr.code === '23505') return pgErr.constraint ?? pgErr.message ?? 'unique';
  }
  return null;
}

/** True if `err` is a foreign-key violation (a referenced row does not exist). */
export function foreignKeyViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === '23503') return true;
  }
  return false;
}
