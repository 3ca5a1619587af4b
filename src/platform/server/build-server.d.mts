/** Builds the server bundle into dist/server, or `outDir` (see build-server.mjs). */
export function buildServer(opts?: { quiet?: boolean; outDir?: string }): Promise<void>;
