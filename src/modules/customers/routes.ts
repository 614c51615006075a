import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  Contact,
  ContactCreate,
  ContactList,
  ContactPatch,
  Customer,
  CustomerCreate,
  CustomerListQuery,
  CustomerPage,
  CustomerPatch,
} from './schema.js'
import type { CustomerService } from './service.js'

const Params = z.object({ id: z.uuid() })

export const customerRoutes: FastifyPluginAsyncZod<{ customers: CustomerService }> = async (app, { customers }) => {
  app.get(
    '',
    {
      schema: {
        tags: ['customers'],
        summary: 'Customers, by name; a portal user sees only its own',
        querystring: CustomerListQuery,
        response: { 200: CustomerPage },
      },
    },
    async (req) => customers.list(req.actorOrThrow(), req.query),
  )
  app.post(
    '',
    { schema: { tags: ['customers'], body: CustomerCreate, response: { 201: Customer } } },
    async (req, reply) => reply.code(201).send(await customers.create(req.actorOrThrow(), req.body)),
  )
  app.get('/:id', { schema: { tags: ['customers'], params: Params, response: { 200: Customer } } }, async (req) =>
    customers.get(req.actorOrThrow(), req.params.id),
  )
  app.patch(
    '/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Change; {archived:false} restores',
        params: Params,
        body: CustomerPatch,
        response: { 200: Customer },
      },
    },
    async (req) => customers.update(req.actorOrThrow(), req.params.id, req.body),
  )
  app.delete(
    '/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Archive (nothing with history is deleted)',
        params: Params,
        response: { 200: Customer },
      },
    },
    async (req) => customers.archive(req.actorOrThrow(), req.params.id),
  )
  app.get(
    '/:id/contacts',
    {
      schema: {
        tags: ['contacts'],
        params: Params,
        querystring: z.object({ archived: z.enum(['exclude', 'include']).default('exclude') }),
        response: { 200: ContactList },
      },
    },
    async (req) => ({
      items: await customers.listContacts(req.actorOrThrow(), req.params.id, req.query.archived === 'include'),
    }),
  )
  app.post(
    '/:id/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Add a contact; the first one becomes the key contact',
        params: Params,
        body: ContactCreate,
        response: { 201: Contact },
      },
    },
    async (req, reply) => reply.code(201).send(await customers.addContact(req.actorOrThrow(), req.params.id, req.body)),
  )
}

export const contactRoutes: FastifyPluginAsyncZod<{ customers: CustomerService }> = async (app, { customers }) => {
  app.patch(
    '/:id',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Change; keyContact:true moves the key-contact role here',
        params: Params,
        body: ContactPatch,
        response: { 200: Contact },
      },
    },
    async (req) => customers.updateContact(req.actorOrThrow(), req.params.id, req.body),
  )
  app.post(
    '/:id/invite',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Invite to the customer portal by e-mail',
        params: Params,
        response: { 200: Contact },
      },
    },
    async (req) => customers.inviteContact(req.actorOrThrow(), req.params.id),
  )
}
