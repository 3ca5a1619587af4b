import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { App } from '../http/app.ts';
import { errorBody } from '../http/app.ts';

/**
 * The user handbook (docs/handbok, issue 19 item 4), served to logged-in users so that each page's "Hjälp" link
 * opens its section in the app. Found beside the sources through import.meta.url, as the server finds
 * migrations and web/dist (in the bundle, import.meta.url is this source file's URL: see build-server.mjs).
 */
export const HANDBOOK_DIR = fileURLToPath(new URL('../../../docs/handbok/', import.meta.url));

// Only plain names: a–z, 0–9 and '-' (no dots, no slashes), so nothing outside docs/handbok can be named.
// README.md (for developers) is not a handbook page: its name is not lower case.
const DOC_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const IMAGE_NAME = /^[a-z0-9][a-z0-9-]{0,63}\.png$/;

const docParams = z.object({ doc: z.string().max(64) });
const imageParams = z.object({ name: z.string().max(68) });
export const handbookDoc = z.object({
  name: z.string(),
  /** The page's Markdown, as in docs/handbok/<name>.md; the web app renders it (web/src/handbook/markdown.tsx). */
  markdown: z.string(),
});

const notFound = () => new AppError('NOT_FOUND', 'Handbokens sida finns inte');

async function readInside(name: string): Promise<Buffer> {
  const file = path.join(HANDBOOK_DIR, name);
  // The name patterns already keep to the folder; this is the second lock.
  if (!path.resolve(file).startsWith(HANDBOOK_DIR)) throw notFound();
  return fs.readFile(file).catch(() => {
    throw notFound();
  });
}

/**
 * The handbook is open to everyone, logged in or not: it is the system's documentation (in the repository too),
 * its pictures show demo data only, and a user who cannot log in needs its section on logging in most.
 */
export async function handbookRoutes(app: App) {
  const tags = ['handbok'];
  app.get(
    '/api/handbook/:doc',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'En sida ur användarhandboken (Markdown)', params: docParams, response: { 200: handbookDoc, 404: errorBody } },
    },
    async (req) => {
      const { doc } = req.params;
      if (!DOC_NAME.test(doc)) throw notFound();
      const data = await readInside(`${doc}.md`);
      return { name: doc, markdown: data.toString('utf8') };
    },
  );
  app.get(
    '/api/handbook/bilder/:name',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'En bild i användarhandboken (PNG, tagen av webbläsartesterna)',
        params: imageParams,
        response: { 200: z.any().describe('PNG-bilden'), 404: errorBody },
      },
    },
    async (req, reply) => {
      const { name } = req.params;
      if (!IMAGE_NAME.test(name)) throw notFound();
      const data = await readInside(path.join('bilder', name));
      return reply.type('image/png').header('cache-control', 'no-cache').send(data);
    },
  );
}
