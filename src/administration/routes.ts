import { z } from 'zod';
import type { App } from '../platform/http/app.ts';
import { errorBody } from '../platform/http/app.ts';
import { noBody, okBody, uuidParam } from '../platform/http/schemas.ts';
import {
  careProviderInput,
  careProviderView,
  customerInput,
  customerListQuery,
  customerView,
  deliveryAreaInput,
  deliveryAreaView,
} from './organisation/org-schemas.ts';
import { createCareProvider, listCareProviders, updateCareProvider } from './organisation/care-providers.ts';
import { createCustomer, getCustomer, listCustomers, updateCustomer } from './organisation/customers.ts';
import { createDeliveryArea, listDeliveryAreas, updateDeliveryArea } from './organisation/delivery-areas.ts';
import { createUser } from './users/create-user.ts';
import { getUser } from './users/get-user.ts';
import { listUsers } from './users/list-users.ts';
import { changePassword, getProfile, passwordChange, profileUpdate, updateProfile } from './users/profile.ts';
import { resetPassword } from './users/reset-password.ts';
import { setUserActive } from './users/set-user-active.ts';
import { updateUser } from './users/update-user.ts';
import { userPageSerializerCompiler } from './users/user-page-json.ts';
import { userInput, userListQuery, userPage, userUpdate, userView } from './users/user-schemas.ts';
import { clientRoutes } from './clients/routes.ts';
import { applicationRoutes } from './applications/routes.ts';
import { settingRoutes } from './settings/routes.ts';
import { SYSTEM_ADMIN } from '../platform/auth/access.ts';
import { USER_ADMINS } from './roles.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** Thin routes: validate, call one use case, return its result. */
export async function administrationRoutes(app: App) {
  const tags = ['administration'];
  await clientRoutes(app);
  await applicationRoutes(app);
  await settingRoutes(app);

  app.get(
    '/api/care-providers',
    { config: { access: 'loggedIn' }, schema: { tags, summary: 'Vårdgivare', response: { 200: z.array(careProviderView), ...errors } } },
    (req) => listCareProviders(req.ctx),
  );
  app.post(
    '/api/care-providers',
    {
      config: { access: SYSTEM_ADMIN },
      schema: { tags, summary: 'Lägg upp vårdgivare', body: careProviderInput, response: { 201: careProviderView, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await createCareProvider(req.ctx, req.body)),
  );
  app.put(
    '/api/care-providers/:id',
    {
      config: { access: SYSTEM_ADMIN },
      schema: { tags, summary: 'Ändra vårdgivare', params: uuidParam, body: careProviderInput, response: { 200: careProviderView, ...errors } },
    },
    (req) => updateCareProvider(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/delivery-areas',
    { config: { access: 'loggedIn' }, schema: { tags, summary: 'Leveransområden', response: { 200: z.array(deliveryAreaView), ...errors } } },
    (req) => listDeliveryAreas(req.ctx),
  );
  app.post(
    '/api/delivery-areas',
    {
      config: { access: SYSTEM_ADMIN },
      schema: { tags, summary: 'Lägg upp leveransområde', body: deliveryAreaInput, response: { 201: deliveryAreaView, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await createDeliveryArea(req.ctx, req.body)),
  );
  app.put(
    '/api/delivery-areas/:id',
    {
      config: { access: SYSTEM_ADMIN },
      schema: { tags, summary: 'Ändra leveransområde', params: uuidParam, body: deliveryAreaInput, response: { 200: deliveryAreaView, ...errors } },
    },
    (req) => updateDeliveryArea(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/customers',
    {
      config: { access: 'loggedIn' },
      schema: { tags, summary: 'Kunder', querystring: customerListQuery, response: { 200: z.array(customerView), ...errors } },
    },
    (req) => listCustomers(req.ctx, req.query),
  );
  app.get(
    '/api/customers/:id',
    { config: { access: 'loggedIn' }, schema: { tags, summary: 'Kund', params: uuidParam, response: { 200: customerView, ...errors } } },
    (req) => getCustomer(req.ctx, req.params.id),
  );
  app.post(
    '/api/customers',
    { config: { access: SYSTEM_ADMIN }, schema: { tags, summary: 'Lägg upp kund', body: customerInput, response: { 201: customerView, ...errors } } },
    async (req, reply) => reply.status(201).send(await createCustomer(req.ctx, req.body)),
  );
  app.put(
    '/api/customers/:id',
    {
      config: { access: SYSTEM_ADMIN },
      schema: { tags, summary: 'Ändra kund', params: uuidParam, body: customerInput, response: { 200: customerView, ...errors } },
    },
    (req) => updateCustomer(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/users',
    {
      config: { access: USER_ADMINS },
      schema: { tags, summary: 'Användare (sida i svensk ordning)', querystring: userListQuery, response: { 200: userPage, ...errors } },
      serializerCompiler: userPageSerializerCompiler,
    },
    (req) => listUsers(req.ctx, req.query),
  );
  app.get(
    '/api/users/:id',
    { config: { access: USER_ADMINS }, schema: { tags, summary: 'Användare', params: uuidParam, response: { 200: userView, ...errors } } },
    (req) => getUser(req.ctx, req.params.id),
  );
  app.post(
    '/api/users',
    { config: { access: SYSTEM_ADMIN }, schema: { tags, summary: 'Lägg upp användare', body: userInput, response: { 201: userView, ...errors } } },
    async (req, reply) => reply.status(201).send(await createUser(req.ctx, req.body)),
  );
  app.patch(
    '/api/users/:id',
    {
      config: { access: SYSTEM_ADMIN },
      schema: { tags, summary: 'Ändra användare', params: uuidParam, body: userUpdate, response: { 200: userView, ...errors } },
    },
    (req) => updateUser(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/users/:id/activate',
    {
      config: { access: SYSTEM_ADMIN },
      schema: { tags, summary: 'Aktivera användare', params: uuidParam, body: noBody, response: { 200: userView, ...errors } },
    },
    (req) => setUserActive(req.ctx, req.params.id, true),
  );
  app.post(
    '/api/users/:id/inactivate',
    {
      config: { access: SYSTEM_ADMIN },
      schema: { tags, summary: 'Inaktivera användare (avslut)', params: uuidParam, body: noBody, response: { 200: userView, ...errors } },
    },
    (req) => setUserActive(req.ctx, req.params.id, false),
  );
  app.post(
    '/api/users/:id/password',
    {
      config: { access: SYSTEM_ADMIN },
      schema: {
        tags,
        summary: 'Sätt nytt lösenord',
        params: uuidParam,
        body: z.strictObject({ password: z.string().min(12, 'lösenordet ska ha minst 12 tecken').max(200) }),
        response: { 200: okBody, ...errors },
      },
    },
    async (req) => {
      await resetPassword(req.ctx, req.params.id, req.body.password);
      return { ok: true as const };
    },
  );

  app.get('/api/me', { config: { access: 'loggedIn' }, schema: { tags: ['profil'], summary: 'Min profil', response: { 200: userView, ...errors } } }, (req) =>
    getProfile(req.ctx),
  );
  app.patch(
    '/api/me',
    {
      config: { access: 'loggedIn' },
      schema: { tags: ['profil'], summary: 'Ändra telefon, e-post och språk', body: profileUpdate, response: { 200: userView, ...errors } },
    },
    (req) => updateProfile(req.ctx, req.body),
  );
  app.post(
    '/api/me/password',
    { config: { access: 'loggedIn' }, schema: { tags: ['profil'], summary: 'Byt lösenord', body: passwordChange, response: { 200: okBody, ...errors } } },
    async (req) => {
      await changePassword(req.ctx, req.body, req.sessionToken);
      return { ok: true as const };
    },
  );
}
