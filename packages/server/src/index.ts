// The server package's public face (the CLI, the benchmarks, the tests outside src): the app,
// its configuration and start, and each module's index.
export { buildApp, type RegisteredRoute } from './app.ts';
export { loadConfig, type Config } from './config.ts';
export { startServer } from './main.ts';
export { actorOf, createServiceContext, openServiceContext, createMailer, type ServiceContext, type Actor, type Mailer, type MailMessage } from './infra/index.ts';
export * from './accounts/index.ts';
export * from './planning/index.ts';
export * from './organisation/index.ts';
export * from './activities/index.ts';
export * from './reporting/index.ts';
export * from './monitoring/index.ts';
export * from './dashboards/index.ts';
export * from './documents/index.ts';
export * from './imports/index.ts';
