export * from './approval.service.ts';
export * from './children-review.service.ts';
export { presentFigureChange } from './report-history.presenter.ts';
export * from './report-scope.ts';
export * from './report-writer.ts';
export * from './reports.routes.ts';
export * from './reports.schemas.ts';
export * from './reports.service.ts';
