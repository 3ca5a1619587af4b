import type { App } from '../../platform/http/app.ts';

export async function articlesRoutes(_app: App) {}
