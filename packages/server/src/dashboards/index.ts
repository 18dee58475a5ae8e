export * from './live.routes.ts';
export * from './progress.presenter.ts';
export * from './progress.routes.ts';
export * from './progress.schemas.ts';
export * from './progress.service.ts';
export * from './regroup.service.ts';
