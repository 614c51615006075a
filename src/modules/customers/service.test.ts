import { describe, expect, it } from 'vitest'
import { as, signIn, useApp } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make, PASSWORD } from '../../../test/support/factories.js'
import { createAudit, type Audit } from '../../platform/audit.js'
import type { Actor } from '../../platform/access.js'
import { actorOf } from '../users/auth.js'
import { CustomerCreate, CustomerPatch } from './schema.js'
import { createCustomerService } from './service.js'

type Row = {
  action: string
  entity_type: string
  entity_id: string | null
  customer_id: string | null
  actor_id: string | null
  diff: string | null
}

for (const dialect of dialects) {
  describe(`customers service [${dialect}]`, () => {
    const ctx = useApp(dialect)
    const svc = () => ctx.sladesk.services.customers
    const meta = { ip: null, userAgent: null }
    let seq = 0
    const email = (who = 'contact') => `${who}-${++seq}@klant.example`

    async function staff(role: 'admin' | 'technician' | 'billing' = 'admin'): Promise<Actor> {
      return actorOf(await make.user(ctx.db, { role }))
    }

    /** The audit entries of one entity, oldest first, with the diff parsed. */
    async function auditOf(entityId: string) {
      const rows: Row[] = await ctx.db
        .selectFrom('audit_log')
        .select(['action', 'entity_type', 'entity_id', 'customer_id', 'actor_id', 'diff'])
        .where('entity_id', '=', entityId)
        .orderBy('id')
        .execute()
      return rows.map((r) => ({
        ...r,
        diff: r.diff === null ? null : (JSON.parse(r.diff) as Record<string, [unknown, unknown]>),
      }))
    }

    async function keyContactIds(customerId: string): Promise<string[]> {
      const rows = await ctx.db
        .selectFrom('contacts')
        .select('id')
        .where('customer_id', '=', customerId)
        .where('is_key_contact', '=', 1)
        .execute()
      return rows.map((r) => r.id)
    }

    /** The invitation link's token, read from the newest mail to `to` in the outbox. */
    async function inviteTokenFor(to: string): Promise<string> {
      const mail = await ctx.db
        .selectFrom('outbox')
        .select('body_text')
        .where('to_address', '=', to)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow()
      const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1]
      if (!token) {
        throw new Error(`no invitation link in: ${mail.body_text}`)
      }
      return token
    }

    describe('customers', () => {
      it('creates a customer and records who did it, with every field as an after-value', async () => {
        const admin = await staff()
        ctx.clock.now += 1_000
        // Parsed with the route's schema, as a request would be: it trims; the service lower-cases the e-mail.
        const input = CustomerCreate.parse({ name: '  Bakkerij De Zon ', email: 'INFO@dezon.example', city: 'Utrecht' })
        const created = await svc().create(admin, input)
        expect(created).toMatchObject({
          name: 'Bakkerij De Zon',
          email: 'info@dezon.example',
          city: 'Utrecht',
          keyContact: null,
          contactCount: 0,
          archivedAt: null,
        })
        expect(created.createdAt).toBe(ctx.clock.now)
        const [entry, ...more] = await auditOf(created.id)
        expect(more).toEqual([])
        expect(entry).toMatchObject({
          action: 'customer.created',
          entity_type: 'customer',
          customer_id: created.id,
          actor_id: admin.kind === 'staff' ? admin.userId : null,
        })
        expect(entry?.diff).toMatchObject({
          id: [null, created.id],
          name: [null, 'Bakkerij De Zon'],
          city: [null, 'Utrecht'],
          email: [null, 'info@dezon.example'],
        })
        expect(entry?.diff).not.toHaveProperty('phone')
      })

      it('updates only the given fields and audits exactly what changed as {field: [before, after]}', async () => {
        const admin = await staff()
        const c = await svc().create(admin, { name: 'Garage Wiel', city: 'Delft', country: 'NL' })
        ctx.clock.now += 1_000
        const updated = await svc().update(admin, c.id, CustomerPatch.parse({ city: 'Den Haag', phone: '' }))
        expect(updated).toMatchObject({ name: 'Garage Wiel', city: 'Den Haag', phone: null, updatedAt: ctx.clock.now })
        const entries = await auditOf(c.id)
        expect(entries.map((e) => e.action)).toEqual(['customer.created', 'customer.updated'])
        expect(entries[1]?.diff).toEqual({ city: ['Delft', 'Den Haag'] })
      })

      it('archives without deleting the row, hides it from the list, and restores it', async () => {
        const admin = await staff()
        const c = await svc().create(admin, { name: 'Archief Drukkerij', country: 'NL' })
        ctx.clock.now += 1_000
        const archivedAt = ctx.clock.now
        const archived = await svc().archive(admin, c.id)
        expect(archived.archivedAt).toBe(archivedAt)
        expect(
          await ctx.db.selectFrom('customers').select(['id', 'archived_at']).where('id', '=', c.id).executeTakeFirst(),
        ).toEqual({ id: c.id, archived_at: archivedAt })
        expect((await svc().list(admin, { archived: 'exclude', limit: 200, q: 'archief drukkerij' })).items).toEqual([])
        expect(
          (await svc().list(admin, { archived: 'only', limit: 200, q: 'archief drukkerij' })).items.map((x) => x.id),
        ).toEqual([c.id])
        // Archiving again keeps the first archiving time.
        ctx.clock.now += 1_000
        expect((await svc().archive(admin, c.id)).archivedAt).toBe(archivedAt)

        const restored = await svc().update(admin, c.id, { archived: false })
        expect(restored.archivedAt).toBeNull()
        const actions = (await auditOf(c.id)).map((e) => [e.action, e.diff])
        expect(actions).toEqual([
          ['customer.created', expect.anything()],
          ['customer.archived', { archivedAt: [null, archivedAt] }],
          // Archiving again changed nothing, so it wrote nothing.
          ['customer.restored', { archivedAt: [archivedAt, null] }],
        ])
      })

      it('answers DELETE by archiving: the customer and its contacts stay in the database', async () => {
        const admin = await make.user(ctx.db, { role: 'admin' })
        const c = await svc().create(actorOf(admin), { name: 'Verwijder Mij Niet', country: 'NL' })
        await svc().addContact(actorOf(admin), c.id, { name: 'Karel Klant', email: email() })
        const res = await as(
          ctx.app,
          await signIn(ctx.app, admin.email),
        )({ method: 'DELETE', url: `/api/customers/${c.id}` })
        expect(res.statusCode).toBe(200)
        expect(res.json()).toMatchObject({ id: c.id, archivedAt: ctx.clock.now })
        expect(await ctx.db.selectFrom('customers').select('id').where('id', '=', c.id).execute()).toHaveLength(1)
        expect(await ctx.db.selectFrom('contacts').select('id').where('customer_id', '=', c.id).execute()).toHaveLength(
          1,
        )
      })

      it('lets a billing user create customers, and a technician edit but not archive or restore', async () => {
        const billing = await staff('billing')
        const tech = await staff('technician')
        const c = await svc().create(billing, { name: 'Boekhouder Cijfer', country: 'NL' })
        expect(c.name).toBe('Boekhouder Cijfer')
        expect((await svc().update(tech, c.id, { notes: 'Server in de meterkast' })).notes).toBe(
          'Server in de meterkast',
        )
        await expect(svc().archive(tech, c.id)).rejects.toMatchObject({ status: 403, code: 'role_required' })
        await expect(svc().update(tech, c.id, { archived: false })).rejects.toMatchObject({
          status: 403,
          code: 'role_required',
        })
        expect((await svc().get(tech, c.id)).archivedAt).toBeNull()
        expect((await auditOf(c.id)).map((e) => e.action)).toEqual(['customer.created', 'customer.updated'])
      })

      it('gives a portal contact a 404, not a 403, when it tries to create or change customers', async () => {
        const portal = actorOf(await make.user(ctx.db, { role: 'contact' }))
        if (portal.kind !== 'contact') {
          throw new Error('expected a contact')
        }
        await expect(svc().create(portal, { name: 'Nep Klant', country: 'NL' })).rejects.toMatchObject({ status: 404 })
        await expect(svc().update(portal, portal.customerId, { name: 'Overgenomen' })).rejects.toMatchObject({
          status: 404,
        })
        expect((await svc().get(portal, portal.customerId)).name).not.toBe('Overgenomen')
      })

      it('stores the change and its audit entry in one transaction: no audit, no change', async () => {
        const real = createAudit({ now: () => ctx.clock.now })
        // The real audit writes its row, then the "disk" fails: the row and the change must both be rolled back.
        const failing: Audit = {
          async record(db, actor, event) {
            await real.record(db, actor, event)
            throw new Error('audit storage failed')
          },
        }
        const service = createCustomerService({
          db: ctx.db,
          audit: failing,
          users: ctx.sladesk.services.users,
          now: () => ctx.clock.now,
        })
        await expect(service.create(await staff(), { name: 'Spookklant Zonder Spoor', country: 'NL' })).rejects.toThrow(
          'audit storage failed',
        )
        expect(
          await ctx.db.selectFrom('customers').select('id').where('name', '=', 'Spookklant Zonder Spoor').execute(),
        ).toEqual([])
        const orphans = await ctx.db
          .selectFrom('audit_log')
          .select('id')
          .where('action', '=', 'customer.created')
          .where('diff', 'like', '%Spookklant%')
          .execute()
        expect(orphans).toEqual([])
      })
    })

    describe('contacts and the key contact', () => {
      it('makes the first contact the key contact, and the next ones not', async () => {
        const admin = await staff()
        const c = await svc().create(admin, { name: 'Eerste Contact BV', country: 'NL' })
        const first = await svc().addContact(admin, c.id, { name: 'Anna Eerst', email: email() })
        const second = await svc().addContact(admin, c.id, { name: 'Bram Later', email: email() })
        expect(first.keyContact).toBe(true)
        expect(second.keyContact).toBe(false)
        expect(await keyContactIds(c.id)).toEqual([first.id])
        expect((await svc().get(admin, c.id)).keyContact).toEqual({
          id: first.id,
          name: 'Anna Eerst',
          email: first.email,
        })
        expect((await svc().listContacts(admin, c.id)).map((x) => x.id)).toEqual([first.id, second.id])
      })

      it('moves the role when a contact is added with keyContact:true, and audits the move', async () => {
        const admin = await staff()
        const c = await svc().create(admin, { name: 'Sleutel Verhuizers', country: 'NL' })
        const old = await svc().addContact(admin, c.id, { name: 'Oud Sleutel', email: email() })
        const fresh = await svc().addContact(admin, c.id, { name: 'Nieuw Sleutel', email: email(), keyContact: true })
        expect(fresh.keyContact).toBe(true)
        expect(await keyContactIds(c.id)).toEqual([fresh.id])
        const contacts = await svc().listContacts(admin, c.id)
        expect(contacts.find((x) => x.id === old.id)?.keyContact).toBe(false)
        const moved = (await auditOf(c.id)).filter((e) => e.action === 'contact.key_contact_moved')
        expect(moved).toEqual([
          expect.objectContaining({
            entity_type: 'customer',
            customer_id: c.id,
            diff: { keyContact: [old.id, fresh.id] },
          }),
        ])
      })

      it('moves the role with PATCH {keyContact:true}', async () => {
        const admin = await staff()
        const c = await svc().create(admin, { name: 'Patch Sleutel', country: 'NL' })
        const a = await svc().addContact(admin, c.id, { name: 'Ada Alfa', email: email() })
        const b = await svc().addContact(admin, c.id, { name: 'Bob Beta', email: email() })
        const after = await svc().updateContact(admin, b.id, { keyContact: true })
        expect(after.keyContact).toBe(true)
        expect(await keyContactIds(c.id)).toEqual([b.id])
        // Making the key contact key again changes nothing and moves nothing.
        await svc().updateContact(admin, b.id, { keyContact: true })
        expect(await keyContactIds(c.id)).toEqual([b.id])
        const moves = (await auditOf(c.id)).filter((e) => e.action === 'contact.key_contact_moved').map((e) => e.diff)
        expect(moves).toEqual([{ keyContact: [a.id, b.id] }])
        expect((await auditOf(b.id)).map((e) => [e.action, e.diff])).toContainEqual([
          'contact.updated',
          { keyContact: [false, true] },
        ])
      })

      it('keeps exactly one key contact when two staff members move the role at the same moment', async () => {
        const admin = await staff()
        const c = await svc().create(admin, { name: 'Gelijktijdig BV', country: 'NL' })
        const a = await svc().addContact(admin, c.id, { name: 'Ada Alfa', email: email() })
        const b = await svc().addContact(admin, c.id, { name: 'Bob Beta', email: email() })
        const d = await svc().addContact(admin, c.id, { name: 'Dirk Delta', email: email() })
        const results = await Promise.allSettled([
          svc().updateContact(admin, b.id, { keyContact: true }),
          svc().updateContact(admin, d.id, { keyContact: true }),
          svc().addContact(admin, c.id, { name: 'Eva Echo', email: email(), keyContact: true }),
        ])
        expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok'])
        const keys = await keyContactIds(c.id)
        expect(keys).toHaveLength(1)
        expect(keys[0]).not.toBe(a.id)
        expect((await svc().get(admin, c.id)).keyContact?.id).toBe(keys[0])
      })

      it('adds one contact when the same e-mail is sent twice at the same moment; the other gets 409', async () => {
        const admin = await staff()
        const c = await svc().create(admin, { name: 'Dubbelklik BV', country: 'NL' })
        const address = email('dubbelklik')
        const results = await Promise.allSettled([
          svc().addContact(admin, c.id, { name: 'Dora Dubbel', email: address }),
          svc().addContact(admin, c.id, { name: 'Dora Dubbel', email: address }),
        ])
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
        expect(results.find((r) => r.status === 'rejected')?.reason).toMatchObject({
          status: 409,
          code: 'contact_email_taken',
        })
        expect(await svc().listContacts(admin, c.id)).toEqual([
          expect.objectContaining({ email: address, keyContact: true }),
        ])
      })

      it('refuses to archive the key contact while other contacts exist (409 key_contact_required)', async () => {
        const admin = await staff()
        const c = await svc().create(admin, { name: 'Niet Zonder Sleutel', country: 'NL' })
        const key = await svc().addContact(admin, c.id, { name: 'Kees Sleutel', email: email() })
        await svc().addContact(admin, c.id, { name: 'Olga Overig', email: email() })
        await expect(svc().updateContact(admin, key.id, { archived: true })).rejects.toMatchObject({
          status: 409,
          code: 'key_contact_required',
        })
        expect(await keyContactIds(c.id)).toEqual([key.id])
        expect((await auditOf(key.id)).map((e) => e.action)).toEqual(['contact.created'])
      })

      it('allows archiving the last contact: no key contact until it is restored', async () => {
        const admin = await staff()
        const c = await svc().create(admin, { name: 'Laatste Contact', country: 'NL' })
        const only = await svc().addContact(admin, c.id, { name: 'Enige Echte', email: email() })
        const archived = await svc().updateContact(admin, only.id, { archived: true })
        expect(archived).toMatchObject({ keyContact: false, archivedAt: ctx.clock.now })
        expect(await svc().get(admin, c.id)).toMatchObject({ keyContact: null, contactCount: 0 })
        expect(await svc().listContacts(admin, c.id)).toEqual([])
        expect((await svc().listContacts(admin, c.id, true)).map((x) => x.id)).toEqual([only.id])
        const restored = await svc().updateContact(admin, only.id, { archived: false })
        expect(restored).toMatchObject({ keyContact: true, archivedAt: null })
        expect((await auditOf(only.id)).map((e) => e.action)).toEqual([
          'contact.created',
          'contact.archived',
          'contact.restored',
        ])
      })

      it('refuses a second contact with the same e-mail (any case) in one customer, not in another', async () => {
        const admin = await staff()
        const c = await svc().create(admin, { name: 'Dubbel Adres', country: 'NL' })
        const other = await svc().create(admin, { name: 'Ander Adres', country: 'NL' })
        const address = email('dubbel')
        const first = await svc().addContact(admin, c.id, { name: 'Piet Eerst', email: address })
        await expect(
          svc().addContact(admin, c.id, { name: 'Piet Tweede', email: address.toUpperCase() }),
        ).rejects.toMatchObject({
          status: 409,
          code: 'contact_email_taken',
        })
        const second = await svc().addContact(admin, c.id, { name: 'Piet Anders', email: email() })
        await expect(svc().updateContact(admin, second.id, { email: address })).rejects.toMatchObject({
          status: 409,
          code: 'contact_email_taken',
        })
        expect((await svc().addContact(admin, other.id, { name: 'Piet Elders', email: address })).email).toBe(address)
        expect((await svc().listContacts(admin, c.id)).map((x) => x.email)).toEqual([first.email, second.email])
      })

      it('refuses contacts for an archived customer', async () => {
        const admin = await staff()
        const c = await svc().create(admin, { name: 'Gesloten Zaak', country: 'NL' })
        await svc().archive(admin, c.id)
        await expect(svc().addContact(admin, c.id, { name: 'Te Laat', email: email() })).rejects.toMatchObject({
          status: 409,
          code: 'customer_archived',
        })
      })
    })

    describe('portal invitations', () => {
      async function customerWithContacts(admin: Actor, name: string) {
        const c = await svc().create(admin, { name, country: 'NL' })
        const key = await svc().addContact(admin, c.id, { name: 'Kim Sleutel', email: email('key') })
        const user = await svc().addContact(admin, c.id, { name: 'Uma Gebruiker', email: email('user') })
        return { customer: c, key, user }
      }

      it('creates a portal user without password, a one-time token and a Dutch mail in the outbox', async () => {
        const admin = await staff()
        const { customer, user } = await customerWithContacts(admin, 'Uitnodiging & Zn')
        ctx.clock.now += 1_000
        const invited = await svc().inviteContact(admin, user.id)
        expect(invited).toMatchObject({ id: user.id, portal: 'invited', invitedAt: ctx.clock.now })

        const account = await ctx.db
          .selectFrom('users')
          .selectAll()
          .where('email', '=', user.email)
          .executeTakeFirstOrThrow()
        expect(account).toMatchObject({
          role: 'contact',
          password_hash: null,
          customer_id: customer.id,
          contact_id: user.id,
          active: 1,
          locale: 'nl',
        })
        expect(
          (await ctx.db.selectFrom('contacts').select('user_id').where('id', '=', user.id).executeTakeFirstOrThrow())
            .user_id,
        ).toBe(account.id)

        const tokens = await ctx.db
          .selectFrom('one_time_tokens')
          .selectAll()
          .where('user_id', '=', account.id)
          .execute()
        expect(tokens).toEqual([
          expect.objectContaining({
            purpose: 'invite',
            contact_id: user.id,
            used_at: null,
            expires_at: ctx.clock.now + 7 * 86_400_000,
          }),
        ])

        const mails = await ctx.db.selectFrom('outbox').selectAll().where('to_address', '=', user.email).execute()
        expect(mails).toHaveLength(1)
        expect(mails[0]).toMatchObject({
          kind: 'contact.invitation',
          customer_id: customer.id,
          status: 'pending',
          attempts: 0,
        })
        expect(mails[0]?.subject).toBe('Uitnodiging voor het klantenportaal van sladesk')
        expect(mails[0]?.body_text).toContain('Beste Uma Gebruiker')
        expect(mails[0]?.body_text).toContain('namens Uitnodiging & Zn')
        // The token itself is never stored, only its hash.
        const token = await inviteTokenFor(user.email)
        expect(tokens[0]?.token_hash).not.toContain(token)

        const actions = (
          await ctx.db
            .selectFrom('audit_log')
            .select(['action', 'entity_id'])
            .where('customer_id', '=', customer.id)
            .orderBy('id')
            .execute()
        ).map((r) => r.action)
        expect(actions.slice(-2)).toEqual(['user.created', 'contact.invited'])
      })

      it('activates the portal account on acceptance, and refuses another invitation then', async () => {
        const admin = await staff()
        const { customer, user } = await customerWithContacts(admin, 'Acceptatie BV')
        await svc().inviteContact(admin, user.id)
        const session = await ctx.sladesk.services.auth.acceptInvitation(
          await inviteTokenFor(user.email),
          { password: PASSWORD },
          meta,
        )
        expect(session.user).toMatchObject({ email: user.email, role: 'contact', customer_id: customer.id })
        expect((await svc().listContacts(admin, customer.id)).find((x) => x.id === user.id)?.portal).toBe('active')
        await expect(svc().inviteContact(admin, user.id)).rejects.toMatchObject({ status: 409, code: 'already_active' })
      })

      it('creates one portal account when the invitation is sent twice at the same moment', async () => {
        const admin = await staff()
        const { user } = await customerWithContacts(admin, 'Dubbel Uitgenodigd')
        const results = await Promise.allSettled([
          svc().inviteContact(admin, user.id),
          svc().inviteContact(admin, user.id),
        ])
        expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : r.value.portal))).toEqual([
          'invited',
          'invited',
        ])
        expect(await ctx.db.selectFrom('users').select('id').where('email', '=', user.email).execute()).toHaveLength(1)
        // Two mails went out; only the newest link works.
        const mails = await ctx.db
          .selectFrom('outbox')
          .select('body_text')
          .where('to_address', '=', user.email)
          .orderBy('id')
          .execute()
        expect(mails).toHaveLength(2)
        const tokens = mails.map((m) => /\/invite\/([A-Za-z0-9_-]+)/.exec(m.body_text)?.[1] ?? '')
        await expect(ctx.sladesk.services.auth.invitation(tokens[0] ?? '')).rejects.toMatchObject({ status: 404 })
        expect((await ctx.sladesk.services.auth.invitation(tokens[1] ?? '')).view.email).toBe(user.email)
      })

      it('invites again with a new link and makes the old link useless', async () => {
        const admin = await staff()
        const { user } = await customerWithContacts(admin, 'Twee Keer Uitgenodigd')
        await svc().inviteContact(admin, user.id)
        const oldToken = await inviteTokenFor(user.email)
        ctx.clock.now += 1_000
        await svc().inviteContact(admin, user.id)
        const newToken = await inviteTokenFor(user.email)
        expect(newToken).not.toBe(oldToken)
        expect(await ctx.db.selectFrom('users').select('id').where('email', '=', user.email).execute()).toHaveLength(1)
        await expect(ctx.sladesk.services.auth.invitation(oldToken)).rejects.toMatchObject({ status: 404 })
        expect((await ctx.sladesk.services.auth.invitation(newToken)).view.email).toBe(user.email)
      })

      it('refuses to invite a contact whose e-mail already has an account, and writes nothing', async () => {
        const admin = await staff()
        const technician = await make.user(ctx.db, { role: 'technician' })
        const c = await svc().create(admin, { name: 'Botsend Adres', country: 'NL' })
        const clash = await svc().addContact(admin, c.id, { name: 'Tim Techniek', email: technician.email })
        await expect(svc().inviteContact(admin, clash.id)).rejects.toMatchObject({ status: 409, code: 'email_taken' })
        expect((await svc().listContacts(admin, c.id))[0]).toMatchObject({ portal: 'none', invitedAt: null })
        expect(
          await ctx.db.selectFrom('outbox').select('id').where('to_address', '=', technician.email).execute(),
        ).toEqual([])
      })

      it('closes the portal of an archived customer and opens it again on restore', async () => {
        const admin = await staff()
        const { customer, user } = await customerWithContacts(admin, 'Gesloten Portaal')
        await svc().inviteContact(admin, user.id)
        await ctx.sladesk.services.auth.acceptInvitation(await inviteTokenFor(user.email), { password: PASSWORD }, meta)
        const portal = as(ctx.app, await signIn(ctx.app, user.email))
        expect((await portal({ method: 'GET', url: `/api/customers/${customer.id}` })).statusCode).toBe(200)

        await svc().archive(admin, customer.id)
        expect((await portal({ method: 'GET', url: `/api/customers/${customer.id}` })).statusCode).toBe(401)
        await expect(signIn(ctx.app, user.email)).rejects.toThrow(/401/)

        await svc().update(admin, customer.id, { archived: false })
        const again = as(ctx.app, await signIn(ctx.app, user.email))
        expect((await again({ method: 'GET', url: `/api/customers/${customer.id}` })).statusCode).toBe(200)
      })

      it('deactivates the portal account of an archived contact: its session stops working at once', async () => {
        const admin = await staff()
        const { customer, user } = await customerWithContacts(admin, 'Uitdienst Treding')
        await svc().inviteContact(admin, user.id)
        await ctx.sladesk.services.auth.acceptInvitation(await inviteTokenFor(user.email), { password: PASSWORD }, meta)
        const portal = as(ctx.app, await signIn(ctx.app, user.email))
        expect((await portal({ method: 'GET', url: `/api/customers/${customer.id}` })).statusCode).toBe(200)

        await svc().updateContact(admin, user.id, { archived: true })
        expect((await portal({ method: 'GET', url: `/api/customers/${customer.id}` })).statusCode).toBe(401)
        await expect(signIn(ctx.app, user.email)).rejects.toThrow(/401/)
        const account = await ctx.db
          .selectFrom('users')
          .select(['id', 'active'])
          .where('email', '=', user.email)
          .executeTakeFirstOrThrow()
        expect(account.active).toBe(0)
        expect((await svc().listContacts(admin, customer.id, true)).find((x) => x.id === user.id)?.portal).toBe(
          'disabled',
        )
        expect((await auditOf(account.id)).map((e) => [e.action, e.diff?.active])).toContainEqual([
          'user.updated',
          [true, false],
        ])

        // Restoring the contact gives the account back (with a fresh sign-in).
        await svc().updateContact(admin, user.id, { archived: false })
        expect((await svc().listContacts(admin, customer.id)).find((x) => x.id === user.id)?.portal).toBe('active')
        expect(
          (
            await as(
              ctx.app,
              await signIn(ctx.app, user.email),
            )({ method: 'GET', url: `/api/customers/${customer.id}` })
          ).statusCode,
        ).toBe(200)
      })

      it('keeps the portal account in step when the contact is renamed', async () => {
        const admin = await staff()
        const { user } = await customerWithContacts(admin, 'Hernoemd BV')
        await svc().inviteContact(admin, user.id)
        await svc().updateContact(admin, user.id, { name: 'Uma Getrouwd' })
        expect(
          (await ctx.db.selectFrom('users').select('name').where('email', '=', user.email).executeTakeFirstOrThrow())
            .name,
        ).toBe('Uma Getrouwd')
      })

      it('does not let a portal contact invite anyone: it gets a 404', async () => {
        const admin = await staff()
        const { customer, user } = await customerWithContacts(admin, 'Zelf Uitnodigen')
        const portalUser = await make.user(ctx.db, { role: 'contact', customer_id: customer.id })
        await expect(svc().inviteContact(actorOf(portalUser), user.id)).rejects.toMatchObject({ status: 404 })
        expect((await svc().listContacts(admin, customer.id)).find((x) => x.id === user.id)?.portal).toBe('none')
      })
    })
  })
}
