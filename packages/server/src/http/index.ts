export * from './common.schemas.ts';
export * from './common.ts';
export * from './errors.ts';
export * from './input-guard.ts';
export * from './language.ts';
export * from './read-your-writes.ts';
export * from './web.routes.ts';
export { default as inputGuard } from './input-guard.ts';
export { default as readYourWrites } from './read-your-writes.ts';
