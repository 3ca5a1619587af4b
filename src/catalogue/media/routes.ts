import type { App } from '../../platform/http/app.ts';

export async function mediaRoutes(_app: App) {}
