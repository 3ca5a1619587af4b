// Every module's tables, for Drizzle's typed queries and drizzle-kit's migration generator.
export * from './platform-schema.ts';
export * from '../../administration/schema.ts';
export * from '../../governance/schema.ts';
export * from '../../catalogue/schema.ts';
