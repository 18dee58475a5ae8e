/** Builds the HTTP application (no listening): plugins, error handling, auth, routes. */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { authPlugin, trustOneHop, type RouteAccess, sessionRoutes, createAttemptCounter } from './accounts/index.ts';
import type { Config } from './config.ts';
import { compression, errorHandler, frameworkErrorHandler, inputGuard, languageOf, readYourWrites, WEB_ASSETS_PREFIX, webRoutes } from './http/index.ts';
import type { ServiceContext } from './infra/index.ts';
import { campaignsRoutes, indicatorsRoutes, targetsRoutes } from './planning/index.ts';
import { accountsAdminRoutes, unitsRoutes } from './organisation/index.ts';
import { unitTagsRoutes } from './organisation/index.ts';
import { reorganisationRoutes } from './organisation/index.ts';
import { PhotoStore, activitiesRoutes } from './activities/index.ts';
import { documentsRoutes } from './documents/index.ts';
import { importsRoutes, ImportJobs } from './imports/index.ts';
import { notificationsRoutes, monitoringRoutes } from './monitoring/index.ts';
import { liveRoutes, progressRoutes } from './dashboards/index.ts';
import { reportsRoutes } from './reporting/index.ts';

export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess | undefined;
  /** The request's schemas as declared (zod), for the tests that generate inputs from them. */
  readonly schema: { readonly body?: unknown; readonly querystring?: unknown; readonly params?: unknown } | undefined;
}

export interface AppOptions {
  readonly ctx: ServiceContext;
  readonly config: Config;
  readonly logger?: FastifyServerOptions['logger'];
}

export async function buildApp({ ctx, config, logger = false }: AppOptions): Promise<FastifyInstance & { routeTable: RegisteredRoute[] }> {
  const app = Fastify({
    logger, bodyLimit: 2 * 1024 * 1024, trustProxy: trustOneHop(config.trustedProxies), frameworkErrors: frameworkErrorHandler,
  });
  const routeTable: RegisteredRoute[] = [];
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    const vi = 'Không tìm thấy địa chỉ này.';
    reply.status(404).send({ error: { id: 'not_found', message: languageOf(request) === 'en' ? 'No such address.' : vi } });
  });
  app.addHook('onRoute', (route) => {
    // Static files (the OpenAPI pages, the built web app) are public; every other route
    // must declare its own access.
    if (route.url.startsWith('/api/docs') || route.url.startsWith(WEB_ASSETS_PREFIX)) {
      route.config = { ...route.config, access: { permission: 'public' } };
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') routeTable.push({ method, url: route.url, access: route.config?.access, schema: route.schema });
  });

  await app.register(compression);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Giao Ban API', version: '1', description: 'Kế hoạch chiến dịch, giao chỉ tiêu, báo cáo tuần và tổng hợp trực tiếp.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gb_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(inputGuard);
  await app.register(authPlugin, { ctx });
  await app.register(readYourWrites, { ctx, cookieSecure: config.cookieSecure });

  app.get('/api/health', { config: { access: { permission: 'public' } } }, async () => ({ ok: true, database: ctx.database.kind }));
  await app.register(sessionRoutes, { ctx, config, attempts: createAttemptCounter(ctx) });
  await app.register(unitsRoutes, { ctx });
  await app.register(unitTagsRoutes, { ctx });
  await app.register(accountsAdminRoutes, { ctx });
  await app.register(reorganisationRoutes, { ctx });
  await app.register(activitiesRoutes, { ctx, photos: new PhotoStore({ dir: config.photos.dir, dataDir: config.dataDir, maxBytes: config.photos.maxBytes }) });
  await app.register(indicatorsRoutes, { ctx });
  await app.register(campaignsRoutes, { ctx });
  await app.register(targetsRoutes, { ctx });
  await app.register(reportsRoutes, { ctx });
  await app.register(progressRoutes, { ctx });
  await app.register(monitoringRoutes, { ctx });
  await app.register(documentsRoutes, { ctx });
  await app.register(notificationsRoutes, { ctx });
  await app.register(liveRoutes, { ctx });
  const importJobs = new ImportJobs(ctx, config.importLimits, (error) => app.log.error({ err: error }, 'import failed'));
  await app.register(importsRoutes, { ctx, jobs: importJobs, limits: config.importLimits });
  await app.register(webRoutes, { webDir: config.webDir });
  app.decorate('routeTable', routeTable);
  await app.ready();
  return app as unknown as FastifyInstance & { routeTable: RegisteredRoute[] };
}
