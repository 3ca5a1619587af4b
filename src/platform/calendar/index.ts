/** Swedish working-day calendar (DOMAIN.md §5). Pure functions, no database. */
export type { IsoDate } from './iso-date.ts';
export { addDays, addMonths, isoWeekday } from './iso-date.ts';
export type { Holiday } from './holidays.ts';
export { easterSunday, isHoliday, swedishHolidays } from './holidays.ts';
export { stockholmDateTime, stockholmInstant } from './stockholm-time.ts';
export type { DeliveryWeekday, OfficeHours, OrderCutoff } from './working-days.ts';
export { addWorkingDays, addWorkingHours, isWorkingDay, nextDeliveryDay, nextWorkingDayAt, workingDaysBetween } from './working-days.ts';
