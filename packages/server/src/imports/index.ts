export * from './csv-import.service.ts';
export * from './entry-workbook.ts';
export * from './import-jobs.ts';
export * from './imports.routes.ts';
export * from './imports.schemas.ts';
export * from './workbook-import.service.ts';
export * from './table-file.ts';
