// Every module's tables, for Drizzle's typed queries and drizzle-kit's migration generator.
export * from './platform-schema.ts';
export * from '../../administration/schema.ts';
export * from '../../administration/clients/schema.ts';
export * from '../../administration/applications/schema.ts';
export * from '../../administration/log-review/schema.ts';
export * from '../../governance/schema.ts';
export * from '../../support/schema.ts';
export * from '../../catalogue/schema.ts';
export * from '../../ordering/schema.ts';
export * from '../../ordering/orders/schema.ts';
export * from '../../provision/schema.ts';
export * from '../../provision/pickups/schema.ts';
export * from '../../provision/buffer-withdrawals/schema.ts';
export * from '../../provision/reports/schema.ts';
export * from '../../provision/buffers/schema.ts';
export * from '../../provision/work-orders/schema.ts';
export * from '../../billing/schema.ts';
