import { z } from 'zod';

/**
 * Besiktningsprotokoll per ISO class as data (kept in the versioned rules, rules/rule-set.ts, and edited on the
 * page Regler): the checklist of a unit is the one whose ISO prefix is the longest that the article's ISO code
 * starts with; the list with the empty prefix is the general fallback.
 */

export interface ChecklistItem {
  code: string;
  sv: string;
  en: string;
}
export interface InspectionChecklist {
  /** '12 36', '18 12' …; '' = every other class. */
  isoPrefix: string;
  sv: string;
  en: string;
  items: ChecklistItem[];
}

const item = (code: string, sv: string, en: string): ChecklistItem => ({ code, sv, en });

const general = [
  item('marking', 'Märkning, typskylt och bruksanvisning finns och är läsbara', 'Marking, type plate and instructions present and legible'),
  item('frame', 'Ram och bärande delar utan sprickor, deformation eller korrosion', 'Frame and load-bearing parts free of cracks, deformation or corrosion'),
  item('fasteners', 'Skruvförband och låsningar sitter fast', 'Bolts and locks are tight'),
  item('function', 'Funktionstest enligt tillverkarens anvisning', "Function test as the manufacturer's instructions say"),
];

export const defaultInspectionChecklists: InspectionChecklist[] = [
  {
    isoPrefix: '12 36',
    sv: 'Personlyft',
    en: 'Patient lift',
    items: [
      ...general.slice(0, 2),
      item('sling', 'Lyftsele och upphängning (lyftbygel, krokar) hela, utan slitage', 'Sling and spreader bar (hooks) intact, not worn'),
      item('load-test', 'Provlyft med maxlast, lyftrörelsen jämn', 'Test lift at maximum load, smooth movement'),
      item('emergency-lowering', 'Nödsänkning och nödstopp fungerar', 'Emergency lowering and emergency stop work'),
      item('battery', 'Batteri och laddare: laddar, ingen skada på kablar', 'Battery and charger: charges, cables undamaged'),
      item('brakes', 'Hjulbromsar och hjul', 'Castor brakes and castors'),
    ],
  },
  {
    isoPrefix: '18 12',
    sv: 'Säng',
    en: 'Bed',
    items: [
      ...general.slice(0, 2),
      item('motors', 'Motorer och höj- och sänkfunktion, rygg- och bendel', 'Motors and height, back and leg adjustment'),
      item('hand-control', 'Handkontroll och kabel hela, spärrfunktion fungerar', 'Hand control and cable intact, lock function works'),
      item('side-rails', 'Sänggrindar: låsning och mellanrum enligt standard', 'Side rails: locking and gaps within the standard'),
      item('electrical', 'Elsäkerhet: nätkabel, dragavlastning, isolation', 'Electrical safety: mains cable, strain relief, insulation'),
      item('brakes', 'Hjul och centrallås', 'Castors and central brake'),
    ],
  },
  {
    isoPrefix: '12 23',
    sv: 'Elrullstol',
    en: 'Powered wheelchair',
    items: [
      ...general.slice(0, 2),
      item('brakes', 'Elektromagnetiska bromsar och frikoppling', 'Electromagnetic brakes and freewheel'),
      item('control', 'Manöverbox och joystick, hastighetsbegränsning', 'Control box and joystick, speed limits'),
      item('battery', 'Batterier och laddare, kablage', 'Batteries, charger and wiring'),
      item('tyres', 'Däck, hjul och lager', 'Tyres, wheels and bearings'),
      item('lights', 'Belysning och reflexer', 'Lights and reflectors'),
      item('seat', 'Sits, rygg och säkerhetsbälte', 'Seat, back and safety belt'),
    ],
  },
  { isoPrefix: '', sv: 'Allmän besiktning', en: 'General inspection', items: general },
];

const code = z
  .string()
  .trim()
  .regex(/^[a-z0-9-]{1,40}$/, 'ange en kod med a–z, 0–9 och -');
const label = z.string().trim().min(1, 'ange en benämning').max(300);

export const checklistInput = z.strictObject({
  isoPrefix: z
    .string()
    .trim()
    .regex(/^(\d{2}( \d{2}){0,2})?$/, 'ange en ISO 9999-kod: 12, 12 22 eller 12 22 03 (tom = alla andra)'),
  sv: label,
  en: label,
  items: z
    .array(z.strictObject({ code, sv: label, en: label }))
    .min(1, 'minst en kontrollpunkt')
    .max(50),
});
export const checklistsInput = z.array(checklistInput).min(1).max(100);

/** The checklists of a stored rules version; what does not parse (or a version from before them) is the default. */
export function checklistsFrom(value: unknown): InspectionChecklist[] {
  const p = checklistsInput.safeParse(value);
  if (!p.success) return defaultInspectionChecklists;
  // A version must always have the fallback: a unit of any class can be inspected.
  return p.data.some((c) => c.isoPrefix === '') ? p.data : [...p.data, defaultInspectionChecklists.at(-1)!];
}

/** The checklist for an article's ISO code: the longest prefix that matches, else the fallback. */
export function checklistFor(lists: readonly InspectionChecklist[], isoCode: string | null | undefined): InspectionChecklist {
  let best: InspectionChecklist | null = null;
  for (const c of lists) {
    const matches = c.isoPrefix === '' || (isoCode ?? '').startsWith(c.isoPrefix);
    if (matches && (!best || c.isoPrefix.length > best.isoPrefix.length)) best = c;
  }
  return best ?? defaultInspectionChecklists.at(-1)!;
}
