// Every module's tables, for drizzle-kit's migration generator (npm run db:generate). The composition root's
// list: the modules query their own tables with Drizzle's SQL builder and never need this file.
export * from '../platform/db/platform-schema.ts';
export * from '../administration/schema.ts';
export * from '../administration/clients/schema.ts';
export * from '../administration/applications/schema.ts';
export * from '../administration/log-review/schema.ts';
export * from '../governance/schema.ts';
export * from '../support/schema.ts';
export * from '../catalogue/schema.ts';
export * from '../ordering/schema.ts';
export * from '../ordering/orders/schema.ts';
export * from '../provision/schema.ts';
export * from '../provision/pickups/schema.ts';
export * from '../provision/buffer-withdrawals/schema.ts';
export * from '../provision/reports/schema.ts';
export * from '../provision/buffers/schema.ts';
export * from '../provision/work-orders/schema.ts';
export * from '../provision/purchasing/schema.ts';
export * from '../provision/transport/schema.ts';
export * from '../provision/maintenance/schema.ts';
export * from '../billing/schema.ts';
export * from '../contract/webhooks/schema.ts';
