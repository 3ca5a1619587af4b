import { ContractRefused } from '../../contract/endpoints.ts';
import { orderMatrix } from '../../contract/matrix.ts';
import type { SubmitOrder } from '../../contract/messages.ts';
import { workOrderTypeIn, type Rules } from '../rules/rule-set.ts';

const invalid = (message: string) => new ContractRefused('INVALID', message);

/** An order checked against the matrix of DOMAIN §4 and its type's own rules, before anything is looked up. */
export function checkAgainstMatrix(o: SubmitOrder['order'], rules: Rules) {
  const row = orderMatrix[o.orderType];
  if (row.patient === 'required' && !o.patient) throw invalid(`En ${row.sv.toLowerCase()} måste ange patienten`);
  if (row.patient === 'none' && o.patient) throw invalid(`En ${row.sv.toLowerCase()} ska inte ange någon patient`);
  if (o.urgent && !row.urgentAllowed) throw invalid(`En ${row.sv.toLowerCase()} kan inte vara akut`);
  if (row.lines === 'article') {
    if (o.lines.length === 0) throw invalid(`En ${row.sv.toLowerCase()} måste ha minst en rad`);
    const bad = o.lines.find((l) => !l.articleNumber);
    if (bad) throw invalid(`Rad ${bad.lineNumber} saknar artikelnummer`);
  }
  if (row.lines === 'unit') {
    if (o.lines.length === 0) throw invalid(`En ${row.sv.toLowerCase()} måste ha minst en rad`);
    const bad = o.lines.find((l) => !l.unitNumber);
    if (bad) throw invalid(`Rad ${bad.lineNumber} saknar individnummer`);
  }
  const ids = new Set(o.lines.map((l) => l.lineId));
  const numbers = new Set(o.lines.map((l) => l.lineNumber));
  if (ids.size !== o.lines.length || numbers.size !== o.lines.length) throw invalid('Två rader har samma rad-id eller radnummer');
  const acc = o.lines.find((l) => l.accessoryForLineId && !ids.has(l.accessoryForLineId));
  if (acc) throw invalid(`Rad ${acc.lineNumber} är tillbehör till en rad som inte finns i beställningen`);
  if (o.orderType === 'workOrder') {
    if (!o.workOrder) throw invalid('En arbetsorder måste ange arbetsordertyp och beskrivning');
    const t = workOrderTypeIn(rules, o.workOrder.typeCode);
    if (!t) throw invalid(`Okänd arbetsordertyp ${JSON.stringify(o.workOrder.typeCode)}`);
    const missing = t.requiredAttachments.filter((k) => !o.attachments.some((a) => a.kind === k));
    if (missing.length) throw invalid(`Arbetsordertypen ${t.sv} kräver bilagor: ${missing.join(', ')}`);
  }
  if (o.orderType === 'faultReport' && !o.faultReport) throw invalid('En felrapport måste ange kategori och beskrivning');
  if (o.orderType === 'deviation' && !o.deviation) throw invalid('En avvikelse måste ange slag och beskrivning');
  // Since issue 14 the quarterly follow-up counts incidents per device: a new deviation names the unit or article.
  if (o.orderType === 'deviation' && !o.deviation?.unitNumber && !o.deviation?.articleNumber)
    throw invalid('En avvikelse måste ange vilken individ (individnummer) eller vilken artikel (artikelnummer) den gäller');
  // A code the region has retired is not taken for new orders (orders already received keep theirs).
  const retired = (list: Rules['faultCategories'], code: string | undefined) => code !== undefined && list.find((c) => c.code === code)?.active === false;
  if (retired(rules.faultCategories, o.faultReport?.category)) throw invalid(`Felkategorin ${o.faultReport!.category} används inte längre`);
  if (retired(rules.deviationKinds, o.deviation?.kind)) throw invalid(`Avvikelseslaget ${o.deviation!.kind} används inte längre`);
  if (o.orderType === 'lostDevice' && !o.lostDevice) throw invalid('En anmälan om förkommet hjälpmedel måste ha en beskrivning');
}
