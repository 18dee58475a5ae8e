export * from './activities.routes.ts';
export * from './activities.schemas.ts';
export * from './activities.service.ts';
export * from './activities.presenter.ts';
export * from './photos.ts';
export * from './activities-import.ts';
export { activitiesTemplate } from './activities-workbook.ts';
