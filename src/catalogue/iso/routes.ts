import type { App } from '../../platform/http/app.ts';

export async function isoRoutes(_app: App) {}
