import { defineMessages } from '../define.ts';

// The user handbook (docs/handbok) in the app, and each page's "Hjälp" link to its section.
export const handbook = defineMessages(
  {
    'help.link': 'Hjälp',
    'help.linkLabel': 'Hjälp om {section}',
    'handbook.title': 'Handbok',
    'handbook.index': 'Handbokens innehåll',
    'handbook.inSwedish': 'Handboken finns bara på svenska.',
    'handbook.notFound': 'Handboken har ingen sådan sida.',
    'handbook.imageMissing': 'Bilden saknas: {name}',
  },
  {
    'help.link': 'Help',
    'help.linkLabel': 'Help on {section} (in Swedish)',
    'handbook.title': 'Handbook',
    'handbook.index': 'Handbook contents',
    'handbook.inSwedish': 'The handbook is only available in Swedish.',
    'handbook.notFound': 'The handbook has no such page.',
    'handbook.imageMissing': 'The image is missing: {name}',
  },
);
