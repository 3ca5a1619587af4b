import type { App } from '../platform/http/app.ts';
import { agreementRoutes } from './agreements/routes.ts';
import { articlesRoutes } from './articles/routes.ts';
import { importRoutes } from './import/routes.ts';
import { isoRoutes } from './iso/routes.ts';
import { mediaRoutes } from './media/routes.ts';

export async function catalogueRoutes(app: App) {
  await app.register(isoRoutes);
  await app.register(articlesRoutes);
  await app.register(mediaRoutes);
  await app.register(importRoutes);
  await app.register(agreementRoutes);
}
