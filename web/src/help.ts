import { matchPath } from './router.ts';
import { slug } from './handbook/markdown.ts';

/** Where a page's "Hjälp" link goes: a file of docs/handbok (without .md) and the heading of its section there. */
export interface HelpTarget {
  doc: string;
  /** The section's heading exactly as written in the file; the link's anchor is made from it (slug). */
  section: string;
}

const h = (doc: string, section: string): HelpTarget => ({ doc, section });

/**
 * Each route of the web app (ROUTES in app.tsx, by its pattern) → its section of the handbook (issue 19 item 4).
 * test/handbook.test.ts checks that every route has an entry and that every entry's file and heading exist.
 * A new page adds one line here.
 */
export const HELP: Readonly<Record<string, HelpTarget>> = {
  '/': h('index', 'Startsidan'),
  '/profil': h('index', 'Min profil'),
  '/handbok/:doc': h('index', 'Handboken i Bistå'),
  '/logga-in': h('index', 'Logga in'),
  '/patienter': h('forskrivare', 'Hitta patienten'),
  '/patienter/:id': h('forskrivare', 'Patientsidan'),
  '/bestallningar': h('forskrivare', 'Beställningar'),
  '/uppfoljningar': h('forskrivare', 'Uppföljningar'),
  '/bestallningar/ny': h('forskrivare', 'Beställa ett hjälpmedel'),
  '/bestallningar/:id': h('forskrivare', 'Följa en beställning'),
  '/bestallningar/:id/kvitto': h('forskrivare', 'Kvittot'),
  '/artiklar': h('forskrivare', 'Hjälpmedel i sortimentet'),
  '/artiklar/iso': h('forskrivare', 'Hjälpmedel i sortimentet'),
  '/artiklar/iso/:code': h('forskrivare', 'Hjälpmedel i sortimentet'),
  '/artiklar/:id': h('forskrivare', 'Hjälpmedel i sortimentet'),
  '/artiklar/ny': h('systemforvaltning', 'Sortimentet'),
  '/artiklar/import': h('systemforvaltning', 'Sortimentet'),
  '/artiklar/:id/redigera': h('systemforvaltning', 'Sortimentet'),
  '/artiklar/:id/historik': h('systemforvaltning', 'Sortimentet'),
  '/hmc': h('kundtjanst', 'Arbetskön'),
  '/hmc/order/:id': h('kundtjanst', 'Ordern på hjälpmedelscentralen'),
  '/hmc/arbetsorder/:id': h('tekniker', 'Arbetsordern'),
  '/hmc/inleverans': h('lager', 'Inleverans'),
  '/hmc/individer': h('lager', 'Individer'),
  '/hmc/individer/:id': h('lager', 'Individer'),
  '/hmc/lager': h('lager', 'Lagret'),
  '/hmc/rekonditionering': h('tekniker', 'Rekonditionering'),
  '/hmc/utredningar': h('kundtjanst', 'Utredningar'),
  '/hmc/arenden': h('kundtjanst', 'Ärenden'),
  '/hmc/arenden/:id': h('kundtjanst', 'Ärenden'),
  '/hmc/buffertforrad': h('lager', 'Buffertförråd'),
  '/hmc/buffertforrad/:id': h('lager', 'Buffertförråd'),
  '/hmc/inkop': h('lager', 'Inköp'),
  '/hmc/inkop/bestallningspunkter': h('lager', 'Inköp'),
  '/hmc/inkop/:id': h('lager', 'Inköp'),
  '/hmc/leverantorer': h('lager', 'Leverantörer och avtal'),
  '/hmc/leverantorer/avtal/:id': h('lager', 'Leverantörer och avtal'),
  '/hmc/lagervarde': h('ekonomi', 'Lagervärde'),
  '/hmc/besiktningar': h('besiktningar', 'Sidan Besiktningar'),
  '/hmc/transporter': h('korningar', 'Planera dagens körningar'),
  '/hmc/transporter/:id': h('korningar', 'Ändra en körning'),
  '/chauffor': h('chauffor', 'Mina körningar'),
  '/chauffor/:id': h('chauffor', 'Ett stopp'),
  '/support': h('lokalt-anvandarstod', 'Supportärenden'),
  '/support/ko': h('lokalt-anvandarstod', 'Supportkön'),
  '/support/arenden/:id': h('lokalt-anvandarstod', 'Supportärenden'),
  '/forslag': h('systemforvaltning', 'Förändringsförslag'),
  '/forslag/:id': h('systemforvaltning', 'Förändringsförslag'),
  '/uppgraderingstest': h('systemforvaltning', 'Uppgraderingstester'),
  '/uppgraderingstest/ny': h('systemforvaltning', 'Uppgraderingstester'),
  '/uppgraderingstest/:id': h('systemforvaltning', 'Uppgraderingstester'),
  '/ekonomi/fakturering': h('ekonomi', 'Faktureringsmånaden'),
  '/ekonomi/priser': h('ekonomi', 'Priser och kostnadsansvar'),
  '/ekonomi/it-kostnad': h('ekonomi', 'IT-kostnad'),
  '/fakturaunderlag': h('ekonomi', 'Fakturaunderlag'),
  '/kostnadsstatistik': h('ekonomi', 'Kostnadsstatistik'),
  '/driftinformation': h('systemforvaltning', 'Driftinformation'),
  '/kvalitet': h('systemforvaltning', 'Kvalitet'),
  '/kvalitet/kvartal': h('systemforvaltning', 'Kvalitet'),
  '/admin/forskrivningsklasser': h('systemforvaltning', 'Förskrivningsklasser'),
  '/admin/regler': h('systemforvaltning', 'Regler'),
  '/admin/anvandare': h('systemforvaltning', 'Användare'),
  '/admin/anvandare/ny': h('systemforvaltning', 'Användare'),
  '/admin/anvandare/:id': h('systemforvaltning', 'Användare'),
  '/admin/vardgivare': h('systemforvaltning', 'Vårdgivare, kunder och leveransområden'),
  '/admin/kunder': h('systemforvaltning', 'Vårdgivare, kunder och leveransområden'),
  '/admin/kunder/ny': h('systemforvaltning', 'Vårdgivare, kunder och leveransområden'),
  '/admin/kunder/:id': h('systemforvaltning', 'Vårdgivare, kunder och leveransområden'),
  '/admin/leveransomraden': h('systemforvaltning', 'Vårdgivare, kunder och leveransområden'),
  '/admin/logg': h('systemforvaltning', 'Loggen'),
  '/admin/systemklienter': h('systemforvaltning', 'Systemklienter'),
  '/admin/ansokningar': h('lokalt-anvandarstod', 'Ansökningar om behörighet'),
  '/admin/ansokningar/ny': h('lokalt-anvandarstod', 'Ansökningar om behörighet'),
  '/admin/utgaende-epost': h('systemforvaltning', 'Inställningar och utgående e-post'),
  '/admin/installningar': h('systemforvaltning', 'Inställningar och utgående e-post'),
  '/logggranskning': h('systemforvaltning', 'Logggranskning'),
};

/** The handbook page and anchor of a target, e.g. /handbok/forskrivare#patientsidan. */
export const helpHref = (t: HelpTarget) => `/handbok/${t.doc}#${slug(t.section)}`;

/**
 * The help for a path: the entry of the route it matches. Where two patterns match ('/admin/anvandare/ny' and
 * '/admin/anvandare/:id'), the one with fewer parameters wins, as ROUTES lists the fixed path first.
 */
export function helpFor(pathname: string): HelpTarget | null {
  let best: { target: HelpTarget; params: number } | null = null;
  for (const [pattern, target] of Object.entries(HELP)) {
    const params = matchPath(pattern, pathname);
    if (!params) continue;
    const n = Object.keys(params).length;
    if (!best || n < best.params) best = { target, params: n };
  }
  return best?.target ?? null;
}
