export * from './context.ts';
export * from './live.ts';
export * from './lookup.ts';
export * from './mailer.ts';
export * from './progress-cache.ts';
export * from './read-your-writes.ts';
export * from './write-groups.ts';
export * from './spreadsheet.ts';
