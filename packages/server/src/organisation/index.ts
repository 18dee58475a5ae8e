export * from './units.routes.ts';
export * from './units.schemas.ts';
export * from './units.service.ts';
export * from './reorganisation.service.ts';
export * from './unit-upload.service.ts';
export * from './tags.routes.ts';
export * from './tags.schemas.ts';
export * from './tags.service.ts';
