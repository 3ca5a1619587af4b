/**
 * ISO 9999 seed data: every class and subclass of ISO 9999:2022 (and of 2011 where it differs), a selection of
 * common divisions, and the 2011 → 2022 mapping for codes that changed. Titles in Swedish (as Swedish regions and
 * the Swedish edition SS-EN ISO 9999 word them) and English.
 *
 * Sources: public knowledge of the standard and the regions' public prescribing handbooks (which quote code and
 * Swedish title). The standard itself is copyrighted and not reproduced; the national database's export carries
 * the authoritative titles, and the importer may add or correct codes (see README.md beside this file).
 *
 * Format of each table line: `code | Swedish title | English title`. A line in an edition-specific table overrides
 * the shared line with the same code for that edition; a line `code | -` removes the code from that edition.
 */

export type SeedEdition = '2011' | '2022';

export interface IsoSeedNode {
  edition: SeedEdition;
  code: string;
  level: 1 | 2 | 3;
  parentCode: string | null;
  titleSv: string;
  titleEn: string | null;
}

/** Classes, subclasses and divisions that are the same (code and title) in 2011 and 2022. */
const SHARED = `
05 | Hjälpmedel för utbildning och träning av färdigheter | Assistive products for education and for training in skills
06 | Ortoser och proteser | Orthoses and prostheses

04 03 | Hjälpmedel för andning | Assistive products for respiration
04 06 | Hjälpmedel för cirkulationsbehandling | Assistive products for circulation therapy
04 09 | Hjälpmedel för ljusbehandling | Assistive products for light therapy
04 15 | Hjälpmedel för dialysbehandling | Assistive products for dialysis therapy
04 19 | Hjälpmedel för att administrera läkemedel | Assistive products for administering medicines
04 24 | Material och utrustning för fysiska, fysiologiska och biokemiska tester | Physical, physiological and biochemical test equipment and materials
04 27 | Stimulatorer | Stimulators
04 30 | Hjälpmedel för värme- och/eller kylbehandling | Assistive products for heat treatment or cold treatment
04 33 | Hjälpmedel för trycksårsprevention (antidecubitushjälpmedel) | Assistive products for tissue integrity
04 36 | Hjälpmedel för perceptionsträning | Assistive products for perceptual training
04 45 | Hjälpmedel för ryggsträckning | Assistive products for spinal traction
04 48 | Rörelse-, styrke- och balansträningsredskap | Equipment for movement, strength and balance training
04 49 | Sårvårdsprodukter | Wound care products

05 03 | Hjälpmedel för kommunikationsterapi och kommunikationsträning | Assistive products for communication therapy and communication training
05 06 | Hjälpmedel för träning i alternativ och kompletterande kommunikation | Assistive products for training in alternative and augmentative communication
05 09 | Hjälpmedel för kontinensträning | Assistive products for continence training
05 12 | Hjälpmedel för träning av kognitiva färdigheter | Assistive products for training in cognitive skills
05 15 | Hjälpmedel för träning av grundläggande färdigheter | Assistive products for training in basic skills
05 18 | Hjälpmedel för träning i olika utbildningsämnen | Assistive products for training in various educational subjects
05 24 | Hjälpmedel för träning i konstnärliga ämnen | Assistive products for training in the arts
05 27 | Hjälpmedel för träning av sociala färdigheter | Assistive products for training in social skills
05 30 | Hjälpmedel för träning i att styra inmatningsenheter och hantera produkter och varor | Assistive products for training in control of input devices and handling products and goods
05 33 | Hjälpmedel för träning i dagliga aktiviteter | Assistive products for training in daily living activities

06 03 | Spinala och kraniala ortoser | Spinal and cranial orthoses
06 04 | Bukortoser | Abdominal orthoses
06 06 | Övre extremitetsortoser | Upper limb orthoses
06 12 | Nedre extremitetsortoser | Lower limb orthoses
06 15 | Funktionella neuromuskulära stimulatorer och hybridortoser | Functional neuromuscular stimulators and hybrid orthoses
06 18 | Övre extremitetsproteser | Upper limb prostheses
06 24 | Nedre extremitetsproteser | Lower limb prostheses
06 30 | Proteser, andra än extremitetsproteser | Prostheses other than limb prostheses
06 33 | Ortopediska skor | Orthopaedic footwear

09 03 | Kläder och skor | Clothes and shoes
09 06 | Kroppsburna skyddshjälpmedel | Body-worn assistive products for protection
09 07 | Hjälpmedel för att stabilisera kroppen | Assistive products for stabilizing the body
09 09 | Hjälpmedel för av- och påklädning | Assistive products for dressing and undressing
09 12 | Hjälpmedel vid toalettbesök | Assistive products for toileting
09 15 | Hjälpmedel vid trakeostomi | Assistive products for tracheostomy
09 18 | Stomihjälpmedel | Assistive products for ostomy care
09 21 | Hudskydds- och hudrengöringsprodukter | Products for protecting and cleaning skin
09 24 | Urinavledare | Urine diverters
09 27 | Uppsamlare för urin och avföring | Urine and faeces collectors
09 30 | Absorberande hjälpmedel för urin och avföring | Assistive products for absorbing urine and faeces
09 31 | Hjälpmedel för att förhindra ofrivilligt läckage av urin och/eller avföring | Assistive products for preventing involuntary leakage of urine and/or faeces
09 32 | Hjälpmedel vid menstruation | Assistive products for managing menstruation
09 33 | Hjälpmedel för tvättning, bad och dusch | Assistive products for washing, bathing and showering
09 36 | Hjälpmedel för manikyr och pedikyr | Assistive products for manicure and pedicure
09 39 | Hjälpmedel för hårvård | Assistive products for hair care
09 42 | Hjälpmedel för tandvård | Assistive products for dental care
09 45 | Hjälpmedel för ansiktsvård | Assistive products for facial care
09 54 | Hjälpmedel för sexuella aktiviteter | Assistive products for sexual activities

12 03 | Gånghjälpmedel som hanteras med en arm | Assistive products for walking, manipulated by one arm
12 06 | Gånghjälpmedel som hanteras med båda armarna | Assistive products for walking, manipulated by both arms
12 07 | Tillbehör till gånghjälpmedel | Accessories for assistive products for walking
12 10 | Bilar, minibussar och lastbilar | Cars, vans and trucks
12 11 | Fordon för kollektivtrafik | Vehicles for public transportation
12 12 | Fordonstillbehör och fordonsanpassningar | Vehicle accessories and vehicle adaptations
12 16 | Mopeder och motorcyklar | Mopeds and motorcycles
12 17 | Alternativa motordrivna fordon | Alternative motorized vehicles
12 18 | Cyklar | Cycles
12 22 | Manuella rullstolar | Manual wheelchairs
12 23 | Motordrivna rullstolar | Powered wheelchairs
12 24 | Tillbehör till rullstolar | Wheelchair accessories
12 36 | Lyftar för förflyttning av personer | Assistive products for lifting persons
12 39 | Orienteringshjälpmedel | Assistive products for orientation

15 03 | Hjälpmedel för att förbereda mat och dryck | Assistive products for preparing food and drink
15 06 | Hjälpmedel för diskning | Assistive products for washing dishes
15 09 | Hjälpmedel för att äta och dricka | Assistive products for eating and drinking
15 12 | Hjälpmedel för städning | Assistive products for cleaning the house
15 15 | Hjälpmedel för att tillverka och underhålla textilier | Assistive products for making and maintaining textiles

18 03 | Bord | Tables
18 06 | Belysning | Light fixtures
18 09 | Sittmöbler | Sitting furniture
18 10 | Tillbehör till sittmöbler | Accessories for sitting furniture
18 12 | Sängar och sängutrustning | Beds and bed equipment
18 15 | Hjälpmedel för höjdjustering av möbler | Assistive products for height adjustment of furniture
18 18 | Stödhandtag och ledstänger | Supporting handrails and grab bars
18 21 | Öppnare och stängare till grindar, dörrar, fönster och gardiner | Gate, door, window and curtain openers/closers
18 24 | Byggelement i bostäder och andra lokaler | Construction elements in the home and other premises
18 30 | Hjälpmedel för förflyttning i vertikal ledd | Assistive products for vertical accessibility
18 33 | Säkerhetsutrustning för bostäder och andra lokaler | Safety equipment for homes and other premises
18 36 | Förvaringsmöbler | Furniture for storage

22 03 | Synhjälpmedel | Assistive products for seeing
22 06 | Hörselhjälpmedel | Assistive products for hearing
22 09 | Hjälpmedel för röstproduktion | Assistive products for voice production
22 12 | Hjälpmedel för att rita och skriva för hand | Assistive products for drawing and handwriting
22 15 | Hjälpmedel för att räkna | Assistive products for calculation
22 18 | Hjälpmedel som registrerar, spelar upp och visar ljudinformation och visuell information | Assistive products that record, play and display audio and visual information
22 21 | Samtalshjälpmedel vid närkommunikation | Assistive products for face-to-face communication
22 24 | Hjälpmedel för telefonering och telematiska meddelanden | Assistive products for telephoning and telematic messaging
22 30 | Läshjälpmedel | Assistive products for reading
22 33 | Datorer och terminaler | Computers and terminals
22 36 | Inmatningsenheter för datorer | Input devices for computers
22 39 | Utenheter för datorer | Output devices for computers

24 06 | Hjälpmedel för att hantera behållare | Assistive products for handling containers
24 09 | Hjälpmedel för att handha, manövrera och/eller kontrollera utrustning | Assistive products for operating and/or controlling devices
24 13 | Hjälpmedel för fjärrstyrning | Assistive products for remote control
24 18 | Hjälpmedel för att assistera eller ersätta arm-, hand- eller fingerfunktion | Assistive products to assist or replace arm function, hand function, finger function or a combination of these functions
24 21 | Hjälpmedel för förlängd räckvidd | Assistive products for extended reach
24 24 | Hjälpmedel för positionering | Assistive products for positioning
24 27 | Hjälpmedel för fixering | Assistive products for fixation
24 36 | Hjälpmedel för att bära och transportera | Assistive products for carrying and transporting
24 39 | Förvaringsbehållare | Containers for storage

27 03 | Hjälpmedel för omgivningsförbättring | Assistive products for environmental improvement
27 06 | Mätinstrument | Measuring instruments

28 03 | Möbler och inredning för arbetsplatser | Furniture and furnishing elements for work places
28 06 | Hjälpmedel för transport av föremål på arbetsplatsen | Assistive products for transport of objects in the work place
28 09 | Hjälpmedel för att lyfta och flytta föremål på arbetsplatsen | Assistive products for lifting and repositioning of objects in the work place
28 12 | Hjälpmedel för att fixera, nå och gripa föremål på arbetsplatsen | Assistive products for fixation, reaching and gripping objects in the work place
28 15 | Maskiner och verktyg för arbetsplatsen | Machines and tools for use in the work place
28 18 | Test- och övervakningsutrustning för arbetsplatsen | Test and monitoring devices for the work place
28 21 | Hjälpmedel för kontorsadministration, informationslagring och informationshantering på arbetsplatsen | Assistive products for office administration, information storage and management in the work place
28 24 | Hjälpmedel för hälsoskydd och säkerhet på arbetsplatsen | Assistive products for health protection and safety in the work place
28 27 | Hjälpmedel för yrkesbedömning och yrkesträning | Assistive products for vocational assessment and vocational training

30 03 | Hjälpmedel för lek | Assistive products for play
30 09 | Hjälpmedel för sport | Assistive products for sports
30 12 | Hjälpmedel för att spela och komponera musik | Assistive products for playing and composing music
30 15 | Hjälpmedel för att ta foton och göra filmer och videor | Assistive products for producing photos, films and videos
30 18 | Verktyg, material och utrustning för hantverk | Tools, materials and equipment for handicrafts
30 21 | Hjälpmedel för trädgårdsarbete inomhus och utomhus | Assistive products for indoor and outdoor gardening
30 24 | Hjälpmedel för jakt och fiske | Assistive products for hunting and fishing
30 27 | Hjälpmedel för camping och husvagnsliv | Assistive products for camping and caravanning
30 30 | Hjälpmedel för rökning | Assistive products for smoking
30 33 | Hjälpmedel för djurskötsel | Assistive products for pet care

04 03 06 | Inhalatorer | Inhalers
04 03 12 | Respiratorer | Ventilators
04 03 18 | Oxygenutrustningar | Oxygen units
04 03 21 | Slemsugar | Suction pumps
04 03 27 | Andningsmuskelträningsutrustning | Breathing muscle trainers
04 06 06 | Stödstrumpor och kompressionsstrumpor för armar, ben och andra delar av kroppen | Compression garments for arms, legs and other parts of the body
04 06 12 | Kompressionsutrustningar | Compression units
04 19 04 | Doseringshjälpmedel | Assistive products for dosing medicines
04 19 24 | Infusionspumpar | Infusion pumps
04 24 12 | Blodanalysmaterial och blodanalysutrustning | Blood analysis equipment and materials
04 27 06 | Stimulatorer för smärtlindring | Stimulators for pain relief
04 27 18 | Hjälpmedel för stimulering av sinnen och känsel | Assistive products for sensory stimulation
04 30 06 | Hjälpmedel för kylbehandling | Assistive products for cold treatment
04 33 03 | Sittdynor och underlägg för trycksårsprevention | Seat cushions and underlays for tissue integrity
04 48 03 | Träningscyklar | Exercise cycles
04 48 08 | Ståbarrar och ståstöd | Standing bars and standing supports
04 48 15 | Arm-, bål- och benträningsredskap | Equipment for training arms, trunk and legs
04 48 18 | Viktmanschetter och vikter | Weight cuffs and weights

05 33 06 | Hjälpmedel för att träna dagliga personliga aktiviteter | Assistive products for training in daily personal activities

09 06 03 | Huvudskydd | Head protectors
09 06 21 | Fot-, häl- och tåskydd | Foot, heel and toe protectors
09 06 24 | Kroppsskydd | Body protectors
09 09 03 | Strumppådragare | Stocking and sock aids
09 12 03 | Flyttbara toalettstolar | Commode chairs
09 12 18 | Toalettstolsförhöjningar, fasta tillsatser | Raised toilet seats, fixed
09 33 03 | Bad- och duschstolar (med och utan hjul), badbrädor, pallar, ryggstöd och sitsar | Bath and shower chairs (with and without wheels), bath boards, stools, backrests and seats
09 33 12 | Bad-, dusch- och skötbord | Bath stretchers, shower tables and diaper-changing tables
09 39 03 | Hårtvättanordningar | Assistive products for shampooing

12 03 03 | Käppar | Walking sticks
12 03 06 | Armbågskryckor | Elbow crutches
12 03 09 | Underarmskryckor | Forearm crutches
12 03 12 | Axillarkryckor | Axillary crutches
12 03 16 | Gånghjälpmedel med flera stödben | Walking sticks with three or more legs
12 03 18 | Käppar med sits | Walking sticks with seat
12 06 03 | Gåstativ | Walking frames
12 06 06 | Rollatorer | Rollators
12 06 09 | Gåstolar | Walking chairs
12 06 12 | Gåbord | Walking tables
12 22 03 | Manuella tvåhjulsdrivna rullstolar | Manual wheelchairs driven by both hands
12 22 09 | Manuella rullstolar med ensidesframdrivning | Manual wheelchairs driven by one hand
12 22 15 | Manuella rullstolar avsedda att sparkas fram | Manual wheelchairs driven by foot
12 22 18 | Manuella vårdarmanövrerade rullstolar | Attendant-controlled manual wheelchairs
12 23 03 | Eldrivna rullstolar med manuell styrning | Powered wheelchairs with manual steering
12 24 09 | Drivaggregat till rullstolar | Propelling units for wheelchairs
12 24 30 | Bälten och selar till rullstolar | Body support belts and harnesses for wheelchairs
12 31 03 | Glidbrädor, glidmattor och vändlakan | Sliding boards, sliding mats and turning sheets
12 31 06 | Vridplattor | Turntables
12 36 03 | Mobila personlyftar med sele | Mobile hoists for transferring a person in a sitting position with slings
12 36 12 | Fasta personlyftar monterade på vägg, golv eller i tak | Stationary hoists fixed to wall, floor or ceiling
12 36 21 | Lyftselar och andra kroppsstödjande enheter till personlyftar | Body support units for hoists
12 39 03 | Vita käppar | Tactile canes or white canes

18 09 03 | Stolar | Chairs
18 09 04 | Pallar | Stools
18 09 39 | Sittsystem | Seating systems
18 12 10 | Sängar och lösa sängbottnar, elektriskt reglerbara | Beds and removable bed bases, powered adjustable
18 30 15 | Portabla ramper | Portable ramps

22 03 06 | Glasögon och kontaktlinser | Spectacles and contact lenses
22 03 09 | Glas och linser som förstorar | Magnifying glasses and lenses
22 03 18 | Förstorande videosystem | Image-enlarging video systems
22 06 21 | Benförankrade hörapparater | Bone-anchored hearing aids
22 12 21 | Bärbara anteckningsapparater för punktskrift | Portable Braille note takers
22 15 09 | Programvara för kalkylering och beräkning | Software for calculation
22 18 03 | Utrustning för att spela in och återge ljud | Audio recording and playing devices
22 21 03 | Bokstavs- och symbolsatser och tavlor | Alphabet and symbol sets and boards
22 30 15 | Bokstöd och bokhållare | Book supports and book holders
22 33 06 | Bärbara datorer och handdatorer | Portable computers and personal digital assistants
22 36 03 | Tangentbord | Keyboards
22 36 12 | Alternativa inmatningsenheter | Alternative input devices
22 39 04 | Visuella displayer och tillbehör | Visual computer displays and accessories
22 39 12 | Speciella programvaror för presentation från datorer | Special output software

24 09 18 | Omkopplare | Switches
24 21 03 | Griptänger, manuella | Manual gripping tongs
`;

/** ISO 9999:2022 (the sixth edition's class titles and the seventh edition's changes). */
const ONLY_2022 = `
04 | Hjälpmedel för mätning, stöd, träning eller ersättning av kroppsfunktioner | Assistive products for measuring, supporting, training or replacing body functions
06 | Ortoser och proteser (hjälpmedel som fästs vid kroppen) | Assistive products attached to the body for supporting neuromusculoskeletal or movement-related functions (orthoses) and replacing anatomical structures (prostheses)
09 | Hjälpmedel för personlig vård och delaktighet i personlig vård | Assistive products for self-care activities and participation in self-care
12 | Hjälpmedel för aktiviteter och delaktighet relaterade till personlig förflyttning och transport | Assistive products for activities and participation relating to personal mobility and transportation
15 | Hjälpmedel för aktiviteter och delaktighet i hemmet | Assistive products for domestic activities and participation in domestic life
18 | Inredning och andra hjälpmedel för aktiviteter i byggda miljöer inomhus och utomhus | Furnishings, fixtures and other assistive products for supporting activities in indoor and outdoor human-made environments
22 | Hjälpmedel för kommunikation och informationshantering | Assistive products for communication and information management
24 | Hjälpmedel för att kontrollera, bära, förflytta och hantera föremål och utrustning | Assistive products for controlling, carrying, moving and handling objects and devices
27 | Hjälpmedel för att kontrollera, anpassa eller mäta omgivningsfaktorer | Assistive products for controlling, adapting or measuring elements of physical environments
28 | Hjälpmedel för arbete och delaktighet i arbetslivet | Assistive products for work activities and participation in employment
30 | Hjälpmedel för rekreation och fritid | Assistive products for recreation and leisure

12 31 | Hjälpmedel för att ändra kroppsställning | Assistive products for changing body position
22 28 | Hjälpmedel för indikering av tid, planering, minne och strukturering | Assistive products for indicating time, planning, memory and structuring
22 29 | Hjälpmedel för signalering, larm, övervakning och identifiering | Assistive products for signalling, alarming, monitoring and identification

04 33 06 | Hjälpmedel för trycksårsprevention vid liggande | Assistive products for tissue integrity when lying down
12 23 06 | Eldrivna rullstolar med elektronisk styrning | Powered wheelchairs with electronic steering
22 29 03 | Signalenheter | Signal indicators
`;

/** ISO 9999:2011 (SS-EN ISO 9999:2011) where it differs from 2022. */
const ONLY_2011 = `
04 | Hjälpmedel för personlig medicinsk behandling | Assistive products for personal medical treatment
05 | Hjälpmedel för träning av färdigheter | Assistive products for training in skills
09 | Hjälpmedel för personlig vård och skydd | Assistive products for personal care and protection
12 | Hjälpmedel för personlig förflyttning | Assistive products for personal mobility
15 | Hjälpmedel för hushållet | Assistive products for housekeeping
18 | Inredning och anpassning av bostäder och andra lokaler | Furnishings and adaptations to homes and other premises
22 | Hjälpmedel för kommunikation och information | Assistive products for communication and information
24 | Hjälpmedel för att hantera produkter och varor | Assistive products for handling objects and devices
27 | Hjälpmedel och utrustning för omgivningsförbättring, verktyg och maskiner | Assistive products and equipment for environmental improvement, tools and machines
28 | Hjälpmedel för arbete och arbetsträning | Assistive products for employment and vocational training
30 | Hjälpmedel för rekreation | Assistive products for recreation

04 03 | Hjälpmedel för andningsbehandling | Assistive products for respiratory therapy
12 31 | Hjälpmedel för överflyttning och vändning | Assistive products for transfer and turning
22 27 | Varseblivningshjälpmedel (larm, indikering, påminnelse och signalering) | Assistive products for alarming, indicating, reminding and signalling

04 33 06 | Madrasser och madrasskydd för trycksårsprevention | Mattresses and mattress covers for tissue integrity
12 23 06 | Eldrivna rullstolar med motoriserad styrning | Powered wheelchairs with powered steering
22 27 04 | Signalenheter | Signal indicators
22 27 12 | Ur och klockor | Clocks and watches
22 27 15 | Almanackor, kalendrar och planeringssystem | Calendars and timetables
22 27 16 | Hjälpmedel för minnesstöd | Memory aids
`;

/**
 * 2011 → 2022 for codes that changed. A code missing here maps to the same code in the other edition
 * (identity), provided that code exists there. One code may map to several (a subclass that was split).
 * Where the exact 2022 division is not known to us, the target is the 2022 subclass.
 */
export const ISO_MAPPING_2011_TO_2022: readonly (readonly [from: string, to: string])[] = [
  ['22 27', '22 28'],
  ['22 27', '22 29'],
  ['22 27 04', '22 29 03'],
  ['22 27 12', '22 28'],
  ['22 27 15', '22 28'],
  ['22 27 16', '22 28'],
];

function parse(table: string): Map<string, { sv: string; en: string | null } | null> {
  const out = new Map<string, { sv: string; en: string | null } | null>();
  for (const raw of table.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const [code, sv, en] = line.split('|').map((s) => s.trim());
    if (!code || !/^\d{2}( \d{2}){0,2}$/.test(code)) throw new Error(`ISO seed: bad code in line "${line}"`);
    if (sv === '-') out.set(code, null);
    else if (!sv) throw new Error(`ISO seed: missing Swedish title in line "${line}"`);
    else out.set(code, { sv, en: en || null });
  }
  return out;
}

function build(edition: SeedEdition, own: string): IsoSeedNode[] {
  const merged = new Map(parse(SHARED));
  for (const [code, titles] of parse(own)) merged.set(code, titles);
  const nodes: IsoSeedNode[] = [];
  for (const [code, titles] of merged) {
    if (!titles) continue;
    const level = code.split(' ').length as 1 | 2 | 3;
    const parentCode = level === 1 ? null : code.slice(0, code.length - 3);
    nodes.push({ edition, code, level, parentCode, titleSv: titles.sv, titleEn: titles.en });
  }
  const codes = new Set(nodes.map((n) => n.code));
  for (const n of nodes) {
    if (n.parentCode && !codes.has(n.parentCode)) throw new Error(`ISO seed ${edition}: ${n.code} has no parent ${n.parentCode}`);
  }
  return nodes.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export const ISO_2022: readonly IsoSeedNode[] = build('2022', ONLY_2022);
export const ISO_2011: readonly IsoSeedNode[] = build('2011', ONLY_2011);
export const ISO_SEED: readonly IsoSeedNode[] = [...ISO_2011, ...ISO_2022];
