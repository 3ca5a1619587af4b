// Names for the API types of the centre's reports (ärenden) and buffer stores (buffertförråd), all the schema's.
import type { ApiData } from '../../api/client.ts';
import { allOf } from '../../api/types.ts';

export type CaseView = ApiData<'/api/provision/cases/{id}'>;
export type CaseSummary = ApiData<'/api/provision/cases'>[number];
export type ReportType = CaseSummary['orderType'];
export type CaseStatus = CaseSummary['status'];
export type BufferStoreSummary = ApiData<'/api/provision/buffer-stores'>[number];
export type BufferStoreView = ApiData<'/api/provision/buffer-stores/{id}'>;
export type BufferLevel = ApiData<'/api/provision/buffer-stores/{id}/levels/{articleId}', 'put'>;
export type RefillProposal = ApiData<'/api/provision/buffer-proposals/{id}/accept', 'post'>;
export const REPORT_TYPES = allOf<ReportType>()(['faultReport', 'deviation', 'lostDevice']);
