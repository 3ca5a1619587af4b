/**
 * Generates a national-size catalogue file in the Bistå import format (docs/import-format.md):
 * 660 000 articles by default, Swedish names composed from base nouns, models, sizes, colours and
 * materials; ISO 9999 codes across the classes; 200 suppliers with valid GLNs; agreements; products with
 * 1–20 articles each; about 30 % accessories and spare parts fitting main articles; prices with validity.
 * Deterministic (seeded PRNG), written streaming.
 *
 *   node --import tsx bench/gen-catalogue.ts out.xml [count] [--seed=N]
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { withGs1CheckDigit } from '../src/catalogue/import/checks.ts';
import { FORMAT_NAMESPACE } from '../src/catalogue/import/mapping.ts';

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

type Kind = 'main' | 'accessory' | 'part';

/** ISO 9999 classes (Swedish titles, abridged). */
const CLASSES: Record<string, string> = {
  '04': 'Hjälpmedel för att mäta, stödja, träna eller ersätta kroppsfunktioner',
  '05': 'Hjälpmedel för träning av färdigheter',
  '06': 'Ortoser och proteser',
  '09': 'Hjälpmedel för personlig vård och skydd',
  '12': 'Hjälpmedel för aktiviteter och delaktighet relaterade till personlig förflyttning och transport',
  '15': 'Hjälpmedel för hushållsaktiviteter',
  '18': 'Inredningar, anpassningar och andra hjälpmedel för bostäder och andra lokaler',
  '22': 'Hjälpmedel för kommunikation och information',
  '24': 'Hjälpmedel för att hantera föremål och utrustning',
  '27': 'Hjälpmedel för att hantera och förbättra miljön',
  '28': 'Hjälpmedel för arbetsaktiviteter och deltagande i arbetslivet',
  '30': 'Hjälpmedel för rekreation och fritid',
};

/** Subclasses used below (Swedish titles, abridged). */
const SUBCLASSES: Record<string, string> = {
  '04 03': 'Hjälpmedel för andningsbehandling',
  '04 06': 'Hjälpmedel för cirkulationsbehandling',
  '04 33': 'Hjälpmedel för att förebygga trycksår',
  '04 48': 'Hjälpmedel för rörelse-, styrke- och balansträning',
  '05 03': 'Hjälpmedel för kommunikationsträning',
  '05 12': 'Hjälpmedel för träning av kognitiva färdigheter',
  '06 03': 'Ryggortoser',
  '06 06': 'Armortoser',
  '06 12': 'Benortoser',
  '06 24': 'Benproteser',
  '06 33': 'Ortopediska skor',
  '09 06': 'Kroppsburna skydd',
  '09 09': 'Hjälpmedel för av- och påklädning',
  '09 12': 'Toaletthjälpmedel',
  '09 30': 'Absorberande inkontinenshjälpmedel',
  '09 33': 'Hjälpmedel för tvättning, bad och dusch',
  '12 03': 'Gånghjälpmedel som hanteras med en arm',
  '12 06': 'Gånghjälpmedel som hanteras med båda armarna',
  '12 07': 'Tillbehör till gånghjälpmedel',
  '12 18': 'Cyklar',
  '12 22': 'Manuella rullstolar',
  '12 23': 'Eldrivna rullstolar',
  '12 24': 'Tillbehör till rullstolar',
  '12 31': 'Hjälpmedel för förflyttning och vändning',
  '12 36': 'Hjälpmedel för lyft',
  '12 39': 'Orienteringshjälpmedel',
  '15 09': 'Hjälpmedel för att äta och dricka',
  '15 03': 'Hjälpmedel för att laga mat och dryck',
  '18 09': 'Sittmöbler',
  '18 10': 'Tillbehör till sittmöbler',
  '18 12': 'Sängar och sängutrustning',
  '18 18': 'Stödanordningar',
  '18 30': 'Hjälpmedel för vertikal förflyttning',
  '22 03': 'Synhjälpmedel',
  '22 06': 'Hörselhjälpmedel',
  '22 09': 'Hjälpmedel för röstproduktion',
  '22 12': 'Hjälpmedel för att rita och skriva',
  '22 21': 'Hjälpmedel för samtal ansikte mot ansikte',
  '22 24': 'Hjälpmedel för telefonering',
  '22 29': 'Hjälpmedel för signalering och larm',
  '22 30': 'Hjälpmedel för läsning',
  '22 36': 'Inmatningsenheter för datorer',
  '24 09': 'Manöverenheter och styrsystem',
  '24 21': 'Hjälpmedel för att nå och gripa på avstånd',
  '24 36': 'Hjälpmedel för att bära och transportera',
  '27 03': 'Hjälpmedel för att förbättra miljön',
  '28 03': 'Arbetsmöbler',
  '30 09': 'Hjälpmedel för idrott',
  '30 03': 'Leksaker',
};

/** Divisions with the base nouns their articles are named from, and whether they are main devices or parts. */
const DIVISIONS: [code: string, title: string, kind: Kind, nouns: string[]][] = [
  ['04 03 06', 'Inhalatorer', 'main', ['Inhalator', 'Nebulisator']],
  ['04 03 12', 'Andningsapparater', 'main', ['Andningsapparat', 'CPAP-apparat']],
  ['04 06 06', 'Kompressionsplagg för armar, ben och andra kroppsdelar', 'main', ['Kompressionsstrumpa', 'Kompressionsärm']],
  ['04 33 03', 'Sittdynor och underlägg för att förebygga trycksår', 'accessory', ['Sittdyna', 'Luftdyna', 'Gelédyna']],
  ['04 33 06', 'Madrasser och underlägg för att förebygga trycksår', 'main', ['Madrass', 'Luftmadrass', 'Växeltrycksmadrass']],
  ['04 48 03', 'Motionscyklar', 'main', ['Motionscykel', 'Pedaltränare']],
  ['04 48 08', 'Ståhjälpmedel', 'main', ['Ståskal', 'Ståbord', 'Ståstöd']],
  ['05 03 03', 'Hjälpmedel för träning av röst och tal', 'main', ['Talträningsprogram']],
  ['05 12 06', 'Hjälpmedel för minnesträning', 'main', ['Minnesträningsspel']],
  ['06 03 09', 'Ländryggsortoser', 'main', ['Ryggortos', 'Ländryggsstöd']],
  ['06 06 13', 'Handledsortoser', 'main', ['Handledsortos', 'Handledsskena']],
  ['06 12 06', 'Fotledsortoser', 'main', ['Fotledsortos', 'Fotledsstöd']],
  ['06 12 12', 'Knäortoser', 'main', ['Knäortos', 'Knästöd']],
  ['06 24 09', 'Underbensproteser', 'main', ['Underbensprotes']],
  ['06 33 06', 'Ortopediska skor', 'main', ['Ortopedisk sko', 'Stabiliserande sko']],
  ['09 06 03', 'Huvudskydd', 'main', ['Skyddshjälm', 'Huvudskydd']],
  ['09 09 03', 'Strumppådragare', 'main', ['Strumppådragare', 'Strumpiträdare']],
  ['09 09 12', 'Knäppare och dragkedjeöppnare', 'main', ['Knäppare', 'Dragkedjehjälp']],
  ['09 12 03', 'Toalettstolar', 'main', ['Toalettstol', 'Hygienstol', 'Duschtoalettstol']],
  ['09 12 12', 'Toalettstolsförhöjningar', 'main', ['Toalettstolsförhöjning', 'Toalettförhöjning']],
  ['09 12 24', 'Armstöd och ryggstöd för toalett', 'main', ['Toalettarmstöd', 'Toalettryggstöd']],
  ['09 30 12', 'Inkontinensskydd för vuxna', 'main', ['Inkontinensskydd', 'Inlägg']],
  ['09 33 03', 'Bad- och duschstolar', 'main', ['Duschstol', 'Duschpall', 'Badkarsbräda']],
  ['09 33 12', 'Bad- och duschbritsar', 'main', ['Duschbrits', 'Skötbord']],
  ['09 33 33', 'Tillbehör till bad- och duschhjälpmedel', 'accessory', ['Ryggstöd till duschstol', 'Armstöd till duschstol']],
  ['12 03 03', 'Käppar', 'main', ['Käpp', 'Fällbar käpp', 'Promenadkäpp']],
  ['12 03 06', 'Armbågskryckor', 'main', ['Armbågskrycka', 'Underarmskrycka']],
  ['12 03 16', 'Käppar med tre eller fler ben', 'main', ['Trebensstöd', 'Fyrbenskäpp']],
  ['12 06 03', 'Gåbockar', 'main', ['Gåbock', 'Gåram']],
  ['12 06 06', 'Rollatorer', 'main', ['Rollator', 'Inomhusrollator', 'Utomhusrollator']],
  ['12 06 09', 'Gåstolar', 'main', ['Gåstol']],
  ['12 06 12', 'Gåbord', 'main', ['Gåbord', 'Armstödsrollator']],
  ['12 07 12', 'Korgar, väskor och brickor till gånghjälpmedel', 'accessory', ['Korg till rollator', 'Bricka till rollator', 'Väska till rollator']],
  ['12 07 15', 'Kryckkäppsfästen och hållare', 'accessory', ['Käpphållare', 'Kryckhållare']],
  ['12 18 06', 'Trehjuliga cyklar', 'main', ['Trehjulig cykel', 'Tandemcykel']],
  ['12 22 03', 'Manuella rullstolar med drivringar', 'main', ['Rullstol', 'Manuell rullstol', 'Aktivrullstol', 'Komfortrullstol']],
  ['12 22 06', 'Manuella rullstolar med enarmsdrivning', 'main', ['Enarmsdriven rullstol']],
  ['12 22 18', 'Manuella transportrullstolar', 'main', ['Transportrullstol', 'Förflyttningsstol']],
  ['12 23 03', 'Eldrivna rullstolar med manuell styrning', 'main', ['Elrullstol', 'Inomhuselrullstol']],
  ['12 23 06', 'Eldrivna rullstolar med motordriven styrning', 'main', ['Elrullstol', 'Utomhuselrullstol', 'Permobil']],
  ['12 24 03', 'Styrsystem till rullstolar', 'accessory', ['Manöverbox', 'Joystick', 'Hakstyrning']],
  ['12 24 09', 'Drivaggregat till rullstolar', 'accessory', ['Hjälpmotor', 'Drivaggregat', 'Elektrisk draghjälp']],
  ['12 24 30', 'Bälten och selar till rullstolar', 'accessory', ['Bälte till rullstol', 'Höftbälte', 'Bröstsele']],
  ['12 24 12', 'Armstöd och benstöd till rullstolar', 'accessory', ['Armstöd', 'Benstöd', 'Vadband', 'Fotplatta']],
  ['12 24 15', 'Bord och brickor till rullstolar', 'accessory', ['Rullstolsbord', 'Rullstolsbricka']],
  ['12 24 24', 'Batterier och laddare till rullstolar', 'part', ['Batteri', 'Batteriladdare']],
  ['12 24 90', 'Reservdelar till rullstolar', 'part', ['Drivring', 'Däck', 'Slang', 'Bromsvajer', 'Framhjul', 'Drivhjul', 'Tippskydd']],
  ['12 31 03', 'Glidbrädor och glidmattor', 'main', ['Glidbräda', 'Glidmatta', 'Vändlakan']],
  ['12 31 06', 'Vridplattor', 'main', ['Vridplatta', 'Vändskiva']],
  ['12 31 09', 'Förflyttningsplattformar', 'main', ['Ståvändare', 'Förflyttningshjälpmedel']],
  ['12 36 03', 'Mobila personlyftar med sele', 'main', ['Personlyft', 'Mobil personlyft', 'Golvlyft']],
  ['12 36 04', 'Mobila personlyftar för stående förflyttning', 'main', ['Stålyft', 'Resningslyft']],
  ['12 36 12', 'Fasta personlyftar', 'main', ['Taklyft', 'Skenlyft']],
  ['12 36 21', 'Lyftselar och lyftbårar', 'accessory', ['Lyftsele', 'Hygiensele', 'Helkroppssele', 'Lyftväst']],
  ['12 36 90', 'Reservdelar till personlyftar', 'part', ['Lyftband', 'Lyftbygel', 'Fjärrkontroll', 'Lyftmotor']],
  ['12 39 03', 'Vita käppar', 'main', ['Vit käpp', 'Teknikkäpp', 'Markeringskäpp']],
  ['15 03 18', 'Skärbrädor och spikbrädor', 'main', ['Spikbräda', 'Skärbräda']],
  ['15 09 03', 'Bestick och ätverktyg', 'main', ['Sked', 'Gaffel', 'Kombinationsbestick', 'Vinklad sked']],
  ['15 09 13', 'Muggar och koppar', 'main', ['Mugg', 'Pipmugg', 'Tvåhandsmugg']],
  ['15 09 18', 'Tallrikar och skålar', 'main', ['Tallrik med kant', 'Halkfri tallrik']],
  ['18 09 03', 'Stolar', 'main', ['Arbetsstol', 'Köksstol med hjul', 'Ståstol']],
  ['18 09 18', 'Fåtöljer och vilstolar', 'main', ['Fåtölj', 'Uppresningsfåtölj', 'Vilstol']],
  ['18 10 03', 'Dynor och kuddar till sittmöbler', 'accessory', ['Sittkudde', 'Nackkudde', 'Positioneringskudde']],
  ['18 12 07', 'Sängar, manuellt ställbara', 'main', ['Säng', 'Vårdsäng']],
  ['18 12 10', 'Sängar, eldrivet ställbara', 'main', ['Vårdsäng', 'Elsäng', 'Barnsäng']],
  ['18 12 15', 'Madrasser', 'main', ['Madrass', 'Bäddmadrass']],
  ['18 12 24', 'Sänggrindar och sänghandtag', 'accessory', ['Sänggrind', 'Sänghandtag', 'Grindskydd']],
  ['18 12 27', 'Sängbord och bäddbord', 'main', ['Sängbord', 'Överbäddsbord']],
  ['18 12 90', 'Reservdelar till sängar', 'part', ['Sängmotor', 'Handkontroll', 'Sänghjul', 'Gavel']],
  ['18 18 03', 'Stödhandtag och ledstänger', 'main', ['Stödhandtag', 'Ledstång', 'Uppresningsstöd']],
  ['18 18 10', 'Golv-till-tak-stänger', 'main', ['Golv-takstång', 'Stödstång']],
  ['18 30 08', 'Trapphissar med stol', 'main', ['Trapphiss', 'Stoltrapphiss']],
  ['18 30 15', 'Ramper', 'main', ['Ramp', 'Tröskelramp', 'Teleskopramp']],
  ['22 03 09', 'Förstoringsglas och luppar', 'main', ['Förstoringsglas', 'Lupp', 'Belyst lupp', 'Stativlupp']],
  ['22 03 18', 'Elektroniska förstoringshjälpmedel', 'main', ['Kameraförstorare', 'LäsTV', 'Elektronisk lupp']],
  ['22 03 12', 'Kikare och teleskop', 'main', ['Kikare', 'Monokulär']],
  ['22 06 06', 'Hörapparater bakom örat', 'main', ['Hörapparat', 'Bakom-örat-apparat']],
  ['22 06 15', 'Hörapparater i örat', 'main', ['Hörapparat', 'I-örat-apparat']],
  ['22 06 21', 'Benförankrade hörapparater', 'main', ['Benförankrad hörapparat']],
  ['22 06 90', 'Tillbehör till hörapparater', 'part', ['Ljudslang', 'Öronpropp', 'Batteri till hörapparat', 'Laddare till hörapparat']],
  ['22 06 24', 'Hörselslingor och FM-system', 'main', ['Hörslinga', 'Samtalsförstärkare', 'FM-system']],
  ['22 09 03', 'Röstförstärkare', 'main', ['Röstförstärkare', 'Taltrumpet']],
  ['22 12 03', 'Skrivhjälpmedel', 'main', ['Pennhållare', 'Skrivstöd']],
  ['22 21 09', 'Kommunikationshjälpmedel med talsyntes', 'main', ['Kommunikationshjälpmedel', 'Talapparat', 'Samtalsapparat']],
  ['22 21 03', 'Bokstavs- och symbolsatser och tavlor', 'main', ['Kommunikationskarta', 'Bildstöd', 'Bokstavstavla']],
  ['22 24 06', 'Telefoner med förenklad manövrering', 'main', ['Bildtelefon', 'Förenklad telefon']],
  ['22 29 03', 'Signalenheter', 'main', ['Dörrklocka med ljus', 'Vibrationsväckare', 'Signalsystem']],
  ['22 30 21', 'Talboksspelare', 'main', ['Talboksspelare', 'Daisyspelare']],
  ['22 36 03', 'Tangentbord', 'main', ['Tangentbord', 'Storknappstangentbord']],
  ['22 36 21', 'Alternativa styrdon', 'main', ['Styrkula', 'Ögonstyrning', 'Kontakt', 'Musersättare']],
  ['24 09 18', 'Omgivningskontroll', 'main', ['Omgivningskontroll', 'Fjärrkontroll']],
  ['24 21 03', 'Griptänger', 'main', ['Griptång', 'Plockare']],
  ['24 36 06', 'Väskor och korgar', 'main', ['Väska', 'Ryggsäck']],
  ['27 03 09', 'Ljudisolering och belysning', 'main', ['Läslampa', 'Arbetsbelysning']],
  ['28 03 03', 'Arbetsbord', 'main', ['Arbetsbord', 'Höj- och sänkbart bord']],
  ['30 03 03', 'Leksaker', 'main', ['Sinnesleksak', 'Aktivitetstavla']],
  ['30 09 03', 'Idrottshjälpmedel', 'main', ['Sportrullstol', 'Kälke', 'Sitski']],
];

const MODELS = [
  'Ärla',
  'Trana',
  'Lo',
  'Älg',
  'Björk',
  'Ask',
  'Vinga',
  'Sälen',
  'Kåre',
  'Östra',
  'Hägern',
  'Tärna',
  'Linnea',
  'Viol',
  'Lärk',
  'Gran',
  'Rönn',
  'Idun',
  'Frej',
  'Saga',
  'Embla',
  'Vega',
  'Orion',
  'Nova',
  'Polar',
  'Fjäll',
  'Skär',
  'Bris',
  'Stig',
  'Kvist',
  'Ymer',
  'Åsa',
  'Ödla',
  'Falk',
  'Uven',
  'Mira',
  'Iris',
  'Alva',
  'Nord',
  'Ljung',
];
const SERIES = ['', ' Plus', ' Mini', ' Max', ' Comfort', ' Active', ' Light', ' XL', ' Junior', ' Pro', ' S', ' II', ' 3'];
const COLOURS = ['svart', 'grå', 'blå', 'röd', 'vit', 'grön', 'silver', 'antracit', 'beige', 'marinblå', 'vinröd', 'turkos'];
const MATERIALS = ['aluminium', 'stål', 'kolfiber', 'trä', 'plast', 'rostfritt stål', 'titan', 'skum', 'gel', 'polyester', 'nylon', 'bomull'];
const SIZES = ['liten', 'medium', 'stor', 'extra stor', 'barn', 'vuxen', 'smal', 'bred', 'låg', 'hög'];
const FEATURES = [
  'med bromsar',
  'hopfällbar',
  'med korg',
  'ställbar höjd',
  'med armstöd',
  'med tippskydd',
  'med ryggstöd',
  'halkfri',
  'tvättbar',
  'med uppladdningsbart batteri',
  'vänsterhänt',
  'högerhänt',
  'för inomhusbruk',
  'för utomhusbruk',
  'med ljus',
  'med bluetooth',
];
const DESCRIPTIONS = [
  'Lätt att rengöra och tål desinfektion.',
  'Kan justeras utan verktyg.',
  'Testad enligt gällande standard för medicintekniska produkter.',
  'Levereras monterad.',
  'Passar de flesta brukare; prova ut i samråd med förskrivare.',
  'Tillverkad i Sverige.',
  'Bruksanvisning på svenska medföljer.',
  'Kräver årlig besiktning.',
  'Max brukarvikt enligt produktbladet.',
  'Finns i flera färger.',
];
const SUPPLIER_A = [
  'Nordisk',
  'Svensk',
  'Norrlands',
  'Skånes',
  'Göta',
  'Mälardalens',
  'Västkust',
  'Bergslagens',
  'Östgöta',
  'Dala',
  'Jämt',
  'Halland',
  'Uppsala',
  'Värmlands',
  'Öresunds',
  'Gotlands',
  'Höga Kusten',
  'Vätterns',
  'Siljans',
  'Kalmar',
];
const SUPPLIER_B = ['Rehab', 'Hjälpmedel', 'Mobilitet', 'Vårdteknik', 'Ortopedi', 'Medicinteknik', 'Hörselteknik', 'Synteknik', 'Omsorg', 'Rörelse'];
const SUPPLIER_C = ['AB', 'AB', 'AB', 'Handelsbolag', 'Sverige AB', 'Nordic AB', 'i Sverige AB', 'Ekonomisk förening'];

/** Spare parts are mostly not ISO-classified: the '… 90' rows only group them here and are not written as codes. */
const unclassified = (code: string) => code.endsWith(' 90');

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const money = (x: number) => x.toFixed(2);

export interface GenStats {
  articles: number;
  products: number;
  suppliers: number;
  agreements: number;
  mains: number;
  parts: number;
  prices: number;
  fits: number;
  bytes: number;
}

/**
 * Titles from Bistå's ISO 9999:2022 seed (src/catalogue/iso) where it has the code, so that the file agrees
 * with the tree an installation starts with; the built-in titles above fill in the rest.
 */
async function seedTitles(): Promise<Map<string, string>> {
  try {
    const { ISO_2022 } = (await import('../src/catalogue/iso/iso-9999-data.ts')) as { ISO_2022: readonly { code: string; titleSv: string }[] };
    return new Map(ISO_2022.map((n) => [n.code, n.titleSv]));
  } catch {
    return new Map();
  }
}

export async function generateCatalogue(outFile: string, count = 660_000, seed = 9999): Promise<GenStats> {
  const seeded = await seedTitles();
  const r = prng(seed);
  const out = fs.createWriteStream(outFile, { highWaterMark: 1 << 20 });
  let buf = '';
  const write = async (s: string) => {
    buf += s;
    if (buf.length > 1 << 20) {
      const ok = out.write(buf);
      buf = '';
      if (!ok) await once(out, 'drain');
    }
  };
  const stats: GenStats = { articles: 0, products: 0, suppliers: 0, agreements: 0, mains: 0, parts: 0, prices: 0, fits: 0, bytes: 0 };

  await write(`<?xml version="1.0" encoding="UTF-8"?>\n`);
  await write(`<catalogue xmlns="${FORMAT_NAMESPACE}" edition="2022" exported="2026-01-15T02:00:00Z" source="national" scope="full">\n`);

  // The ISO tree this file uses (classes, subclasses, divisions), so that it imports into an empty register.
  const used = new Set<string>();
  for (const [code] of DIVISIONS) used.add(code.slice(0, 2)).add(code.slice(0, 5));
  for (const code of [...used].sort()) {
    const title = seeded.get(code) ?? (code.length === 2 ? CLASSES[code] : SUBCLASSES[code]);
    if (!title) throw new Error(`no title for ${code}`);
    await write(`  <isoCode code="${code}" titleSv="${esc(title)}"/>\n`);
  }
  for (const [code, title] of DIVISIONS) if (!unclassified(code)) await write(`  <isoCode code="${code}" titleSv="${esc(seeded.get(code) ?? title)}"/>\n`);

  // 200 suppliers with valid GLNs, each with 1–3 agreements.
  const suppliers: { gln: string; agreements: string[] }[] = [];
  for (let i = 0; i < 200; i++) {
    const gln = withGs1CheckDigit(`735${String(100000000 + i * 7919).padStart(9, '0')}`);
    const name = `${r.pick(SUPPLIER_A)} ${r.pick(SUPPLIER_B)} ${r.pick(SUPPLIER_C)}`;
    const org = `556${String(r.int(100, 999))}-${String(r.int(1000, 9999))}`;
    await write(`  <supplier gln="${gln}" name="${esc(name)} ${i + 1}" organisationNumber="${org}"/>\n`);
    const agreements: string[] = [];
    for (let k = 0, n = r.int(1, 3); k < n; k++) {
      const year = r.int(2021, 2025);
      const number = `AV-${year}-${String(i * 3 + k + 1).padStart(4, '0')}`;
      agreements.push(number);
      await write(
        `  <agreement number="${number}" supplierGln="${gln}" name="${esc(`Avtal ${year} ${name}`)}" validFrom="${year}-0${r.int(1, 9)}-01" validTo="${year + 4}-12-31"/>\n`,
      );
      stats.agreements++;
    }
    suppliers.push({ gln, agreements });
  }
  stats.suppliers = suppliers.length;

  const mainDivisions = DIVISIONS.filter((d) => d[2] === 'main');
  const partDivisions = DIVISIONS.filter((d) => d[2] !== 'main');
  // Recent main articles per ISO class: what accessories and spare parts fit.
  const recentMains = new Map<string, string[]>();
  const allRecent: string[] = [];
  let articleNo = 100_000;
  let productNo = 1;

  while (stats.articles < count) {
    // About 30 % of the articles are accessories and spare parts.
    const partProduct = stats.articles > 50 && r.chance(0.3);
    const div = partProduct ? r.pick(partDivisions) : r.pick(mainDivisions);
    const [iso, , kind, nouns] = div;
    const sup = r.pick(suppliers);
    const noun = r.pick(nouns);
    const model = `${r.pick(MODELS)}${r.pick(SERIES)}`;
    const productNumber = `P${String(productNo++).padStart(7, '0')}`;
    const n = Math.min(count - stats.articles, r.int(1, 20));
    await write(
      `  <product number="${productNumber}"${unclassified(iso) ? '' : ` iso="${iso}"`} supplierGln="${sup.gln}">\n    <name>${esc(`${noun} ${model}`)}</name>\n`,
    );
    if (r.chance(0.5)) await write(`    <description>${esc(r.pick(DESCRIPTIONS))}</description>\n`);
    stats.products++;
    const cls = iso.slice(0, 2);
    for (let k = 0; k < n; k++) {
      articleNo += r.int(1, 3);
      const number = String(articleNo);
      const type = kind === 'main' ? (r.chance(0.97) ? 'H' : r.pick(['Tj', 'I'])) : kind === 'accessory' ? 'T' : 'R';
      const variant: string[] = [];
      if (r.chance(0.6)) variant.push(r.pick(SIZES));
      if (r.chance(0.4)) variant.push(r.pick(COLOURS));
      if (r.chance(0.3)) variant.push(r.pick(MATERIALS));
      if (r.chance(0.3)) variant.push(r.pick(FEATURES));
      if (kind === 'main' && r.chance(0.4)) variant.push(`sitsbredd ${r.int(36, 56)} cm`);
      const name = `${noun} ${model}${variant.length ? `, ${variant.join(', ')}` : ''}`;
      const rent = type === 'H' && r.chance(0.55);
      const charging = rent ? 'rent' : type === 'H' && r.chance(0.2) ? 'saleWithReturn' : 'sale';
      const attrs: string[] = [`number="${number}"`, `type="${type}"`, `charging="${charging}"`, `stock="${r.chance(0.6) ? 'stock' : 'orderItem'}"`];
      if (rent) {
        attrs.push(
          `serialRequired="${r.chance(0.7)}"`,
          `inspectionMonths="${r.pick([6, 12, 12, 24])}"`,
          `maintenanceMonths="${r.pick([12, 24, 36])}"`,
          `depreciationYears="${r.pick([3, 5, 5])}"`,
        );
      }
      const published = r.chance(0.85);
      attrs.push(`published="${published}"`, `orderable="${published && r.chance(0.9)}"`, `inAssortment="${r.chance(0.4)}"`);
      if (type !== 'H' && r.chance(0.3)) attrs.push(`mayBeComponent="true"`);
      if (r.chance(0.6)) attrs.push(`gtin="${withGs1CheckDigit(`73${String(articleNo).padStart(10, '0')}`)}"`);
      attrs.push(
        `supplierArticleNumber="${model
          .slice(0, 4)
          .toUpperCase()
          .replace(/[^A-ZÅÄÖ]/g, 'X')}-${number.slice(-5)}"`,
      );
      let body = `      <name>${esc(name)}</name>\n`;
      if (r.chance(0.6)) body += `      <description>${esc(`${r.pick(DESCRIPTIONS)} ${r.pick(DESCRIPTIONS)}`)}</description>\n`;
      // Prices: an agreed price (sometimes with an earlier version) and often a general price.
      const base = rent ? r.int(2000, 60000) : type === 'H' ? r.int(100, 40000) : r.int(20, 3000);
      const agreement = r.pick(sup.agreements);
      const year = Number(agreement.slice(3, 7));
      if (r.chance(0.3)) {
        body += `      <price kind="agreed" agreement="${agreement}" validFrom="${year}-01-01" validTo="${year}-12-31" amount="${money(base * 0.95)}"/>\n`;
        body += `      <price kind="agreed" agreement="${agreement}" validFrom="${year + 1}-01-01" amount="${money(base)}"/>\n`;
        stats.prices += 2;
      } else {
        body += `      <price kind="agreed" agreement="${agreement}" validFrom="${year}-01-01" amount="${money(base)}"/>\n`;
        stats.prices++;
      }
      if (r.chance(0.6)) {
        const general = rent ? Math.max(50, Math.round(base / 36)) : Math.round(base * 1.15);
        body += `      <price kind="general" validFrom="2025-01-01" amount="${money(general)}"/>\n`;
        stats.prices++;
      }
      if (type === 'T' || type === 'R') {
        const pool = recentMains.get(cls) ?? allRecent;
        const fits = new Set<string>();
        for (let f = 0, nf = r.int(1, 3); f < nf && pool.length; f++) fits.add(r.pick(pool));
        for (const f of fits) body += `      <fits main="${f}"/>\n`;
        stats.fits += fits.size;
        stats.parts++;
      } else {
        stats.mains++;
      }
      if (type === 'H' && r.chance(0.5)) body += `      <media kind="image" url="https://bilder.example.se/artiklar/${number}.jpg" title="${esc(noun)}"/>\n`;
      if (type === 'H' && r.chance(0.3))
        body += `      <media kind="userManual" url="https://dokument.example.se/bruksanvisningar/${productNumber}.pdf" title="Bruksanvisning"/>\n`;
      await write(`    <article ${attrs.join(' ')}>\n${body}    </article>\n`);
      if (type === 'H') {
        const list = recentMains.get(cls) ?? [];
        list.push(number);
        if (list.length > 500) list.shift();
        recentMains.set(cls, list);
        allRecent.push(number);
        if (allRecent.length > 500) allRecent.shift();
      }
      stats.articles++;
    }
    await write(`  </product>\n`);
  }
  await write(`</catalogue>\n`);
  out.write(buf);
  out.end();
  await once(out, 'finish');
  stats.bytes = fs.statSync(outFile).size;
  return stats;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const seedArg = process.argv.find((a) => a.startsWith('--seed='));
  const [outFile, countArg] = args;
  if (!outFile) {
    process.stderr.write('Användning: node --import tsx bench/gen-catalogue.ts UTFIL.xml [antal artiklar, 660000] [--seed=N]\n');
    process.exit(2);
  }
  const t0 = performance.now();
  const stats = await generateCatalogue(outFile, countArg ? Number(countArg) : 660_000, seedArg ? Number(seedArg.slice(7)) : 9999);
  console.log(JSON.stringify({ file: outFile, ...stats, seconds: Math.round((performance.now() - t0) / 100) / 10 }));
}
