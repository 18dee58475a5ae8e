export * from './units.routes.ts';
export * from './units.schemas.ts';
export * from './units.service.ts';
export * from './reorganisation.service.ts';
