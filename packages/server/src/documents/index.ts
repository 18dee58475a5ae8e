export * from './annex-xlsx.ts';
export * from './documents.routes.ts';
export * from './documents.schemas.ts';
export * from './docx.ts';
export * from './notice.service.ts';
export * from './phase-reports.service.ts';
