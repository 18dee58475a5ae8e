export * from './access.ts';
export * from './accounts.service.ts';
export * from './client-address.ts';
export * from './rate-limits.service.ts';
export * from './session.routes.ts';
export * from './session.schemas.ts';
export { default as authPlugin } from './auth.plugin.ts';
