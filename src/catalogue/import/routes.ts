import type { App } from '../../platform/http/app.ts';

export async function importRoutes(_app: App) {}
