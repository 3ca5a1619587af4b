import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * React Aria ships its built-in strings (e.g. "Clear search", "Select an item") for 34 locales, which is
 * more than half of the bundle. Bistå is Swedish with English as second language, so the other locales
 * are replaced by empty dictionaries (React Aria falls back to en-US), as Adobe's optimize-locales plugin
 * does.
 */
function onlyLocales(keep: readonly string[]): Plugin {
  const intlFile = /[\\/]react-aria(?:-components)?[\\/]dist[\\/]private[\\/]intl[\\/](?:.+[\\/])?([a-z]{2}-[A-Z]{2})\.mjs$/;
  return {
    name: 'bista:react-aria-locales',
    enforce: 'pre',
    load(id) {
      const m = intlFile.exec(id);
      if (m && !keep.includes(m[1]!)) return 'export default {};';
      return null;
    },
  };
}

// The web app lives in web/ and is built to web/dist, which the Fastify server serves.
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  plugins: [onlyLocales(['sv-SE', 'en-US', 'en-GB']), react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // React and React Aria make one ~600 kB chunk (about 170 kB gzipped), cached for good by its hashed name.
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
