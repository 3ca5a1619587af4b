import { declareLineTransitions } from '../orders/line-states.ts';

/**
 * The lines of reports (DOMAIN §4). A lost-device report has one line per unit: handling it writes the
 * unit off ('done'); a unit found again within the re-registration period goes back onto the patient
 * ('delivered': on the patient again). Fault reports and deviations have no lines: the case is closed with
 * an answer on the order itself.
 */
declareLineTransitions('lostDevice', {
  received: ['done', 'cancelled'],
  done: ['delivered'],
  delivered: [],
  cancelled: [],
});
declareLineTransitions('faultReport', { received: ['done'], done: [] });
declareLineTransitions('deviation', { received: ['done'], done: [] });

export const REPORT_TYPES = ['faultReport', 'deviation', 'lostDevice'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
export const isReportType = (t: string): t is ReportType => (REPORT_TYPES as readonly string[]).includes(t);
