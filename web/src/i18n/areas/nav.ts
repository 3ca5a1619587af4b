import { defineMessages } from '../define.ts';

// The main menu's entries.
export const nav = defineMessages(
  {
    'nav.start': 'Start',
    'nav.profile': 'Min profil',
    'nav.users': 'Användare',
    'nav.careProviders': 'Vårdgivare',
    'nav.customers': 'Kunder',
    'nav.deliveryAreas': 'Leveransområden',
    'nav.audit': 'Logg',
    'nav.news': 'Driftinformation',
    'nav.groupAdmin': 'Administration',
    'nav.patients': 'Patienter',

    'nav.articles': 'Hjälpmedel',
    'nav.articleImport': 'Artikelimport',

    'nav.orders': 'Beställningar',
    'nav.centreQueue': 'Arbetskö HMC',
    'nav.goodsReceipt': 'Inleverans',
    'nav.units': 'Individer',
    'nav.stock': 'Lager',
    'nav.reconditioning': 'Rekonditionering',
    'nav.investigations': 'Utredningar',
    'nav.cases': 'Ärenden',
    'nav.buffers': 'Buffertförråd',

    'nav.systemClients': 'Systemklienter',
  },
  {
    'nav.start': 'Start',
    'nav.profile': 'My profile',
    'nav.users': 'Users',
    'nav.careProviders': 'Care providers',
    'nav.customers': 'Customers',
    'nav.deliveryAreas': 'Delivery areas',
    'nav.audit': 'Audit log',
    'nav.news': 'Service notices',
    'nav.groupAdmin': 'Administration',
    'nav.patients': 'Patients',

    'nav.articles': 'Assistive devices',
    'nav.articleImport': 'Article import',

    'nav.orders': 'Orders',
    'nav.centreQueue': 'Centre work queue',
    'nav.goodsReceipt': 'Goods receipt',
    'nav.units': 'Units',
    'nav.stock': 'Stock',
    'nav.reconditioning': 'Reconditioning',
    'nav.investigations': 'Investigations',
    'nav.cases': 'Cases',
    'nav.buffers': 'Buffer stores',

    'nav.systemClients': 'System clients',
  },
);
