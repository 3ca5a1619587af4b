import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { errorBody } from '../../platform/http/app.ts';
import { uuidParam } from '../../platform/http/schemas.ts';
import { addPrice } from './add-price.ts';
import { articleHistory } from './article-history.ts';
import { addPriceInput, articleView, createArticleInput, historyEntry, setFitsInput, supplierView, updateArticleInput } from './article-schemas.ts';
import { createArticle } from './create-article.ts';
import { getArticle } from './get-article.ts';
import { listSuppliers } from './list-suppliers.ts';
import { searchArticles, searchQuery, searchResult } from './search-articles.ts';
import { setFits } from './set-fits.ts';
import { updateArticle } from './update-article.ts';
import { ARTICLE_EDITORS, GENERAL_PRICE_EDITORS } from './visibility.ts';
import { CENTRE } from '../../platform/auth/access.ts';

export async function articlesRoutes(app: App) {
  const tags = ['artikelregister'];
  const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
  const writeErrors = { ...errors, 409: errorBody };

  app.get(
    '/api/catalogue/articles/search',
    {
      config: { access: 'loggedIn' },
      schema: {
        tags,
        summary: 'Sök artiklar',
        description:
          'Exakt träff på artikelnummer, leverantörens artikelnummer eller GTIN först; svensk fritext med stamning och prefix på sista ordet; ' +
          'stavfelstolerant reserv (trigram) när inget annat hittas. I sortiment-huvudhjälpmedel (typ H) rangordnas först. ' +
          'Utan sökord listas artiklarna i svensk ordning. Beställarsidan ser bara publicerade artiklar och kundens pris.',
        querystring: searchQuery,
        response: { 200: searchResult, ...errors },
      },
    },
    (req) => searchArticles(req.ctx, req.query),
  );
  app.get(
    '/api/catalogue/articles/:id',
    {
      config: { access: 'loggedIn' },
      schema: {
        tags,
        summary: 'Artikelsidan: produkt, ISO, leverantör, bilder och dokument, pris, tillbehör',
        params: uuidParam,
        response: { 200: articleView, ...errors },
      },
    },
    (req) => getArticle(req.ctx, req.params.id),
  );
  app.post(
    '/api/catalogue/articles',
    {
      config: { access: ARTICLE_EDITORS },
      schema: {
        tags,
        summary: 'Lägg upp en lokal artikel (nummer L000001–L999999 sätts av servern)',
        body: createArticleInput,
        response: { 201: articleView, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await createArticle(req.ctx, req.body)),
  );
  app.patch(
    '/api/catalogue/articles/:id',
    {
      config: { access: ARTICLE_EDITORS },
      schema: {
        tags,
        summary: 'Ändra en artikels fält och flaggor (optimistisk låsning med version)',
        params: uuidParam,
        body: updateArticleInput,
        response: { 200: articleView, ...writeErrors },
      },
    },
    (req) => updateArticle(req.ctx, req.params.id, req.body),
  );
  app.put(
    '/api/catalogue/articles/:id/fits',
    {
      config: { access: ARTICLE_EDITORS },
      schema: {
        tags,
        summary: 'Ange vilka huvudartiklar ett tillbehör eller en reservdel passar till',
        params: uuidParam,
        body: setFitsInput,
        response: { 200: articleView, ...writeErrors },
      },
    },
    (req) => setFits(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/catalogue/articles/:id/prices',
    {
      config: { access: GENERAL_PRICE_EDITORS },
      schema: {
        tags,
        summary: 'Lägg till en prisversion (föregående öppna version av samma slag stängs dagen före)',
        params: uuidParam,
        body: addPriceInput,
        response: { 201: articleView, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await addPrice(req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/api/catalogue/articles/:id/history',
    {
      config: { access: CENTRE },
      schema: {
        tags,
        summary: 'Artikelns ändringshistorik: vem, när, vad (före → efter)',
        params: uuidParam,
        response: { 200: z.array(historyEntry), ...errors },
      },
    },
    (req) => articleHistory(req.ctx, req.params.id),
  );
  app.get(
    '/api/catalogue/suppliers',
    { config: { access: 'loggedIn' }, schema: { tags, summary: 'Leverantörer i svensk ordning', response: { 200: z.array(supplierView), ...errors } } },
    (req) => listSuppliers(req.ctx),
  );
}
