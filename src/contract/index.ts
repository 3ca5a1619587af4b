export * from './version.ts';
export * from './matrix.ts';
export * from './messages.ts';
export * from './events.ts';
export * from './parse.ts';
export * from './endpoints.ts';
export * from './patient-check.ts';
export * from './attachment-source.ts';
