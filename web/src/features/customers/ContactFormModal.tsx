import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ContactCreate, type Contact } from '../../../../src/modules/customers/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { validate } from '../../app/validate.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useCreateContact, useUpdateContact } from './api.ts'

interface ContactFormProps {
  customerId: string
  contact: Contact | null
  onCancel: () => void
  onSaved: (contact: Contact) => void
}

function ContactForm({ customerId, contact, onCancel, onSaved }: ContactFormProps) {
  const { t } = useTranslation()
  const create = useCreateContact(customerId)
  const update = useUpdateContact(customerId)
  const mutation = contact ? update : create
  const [name, setName] = useState(contact?.name ?? '')
  const [email, setEmail] = useState(contact?.email ?? '')
  const [phone, setPhone] = useState(contact?.phone ?? '')
  const [keyContact, setKeyContact] = useState(false)
  const [errors, setErrors] = useState<FieldErrors>({})
  const shown = { ...fieldErrorsOf(mutation.error, t), ...errors }

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(ContactCreate, { name, email, phone, keyContact: contact ? undefined : keyContact })
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    const done = { onSuccess: onSaved }
    if (contact) {
      const { name: n, email: e, phone: p } = checked.data
      update.mutate({ id: contact.id, patch: { name: n, email: e, phone: p } }, done)
    } else {
      create.mutate(checked.data, done)
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('contacts.name')}
          required
          data-autofocus
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={shown.name}
        />
        <TextInput
          label={t('contacts.email')}
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={shown.email}
        />
        <TextInput
          label={t('contacts.phone')}
          type="tel"
          value={phone}
          onChange={(e) => setPhone(e.currentTarget.value)}
          error={shown.phone}
        />
        {!contact && (
          <Checkbox
            label={t('contacts.keyContact')}
            description={t('contacts.keyContactHint')}
            checked={keyContact}
            onChange={(e) => setKeyContact(e.currentTarget.checked)}
          />
        )}
        <ErrorAlert error={mutation.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

interface ContactFormModalProps {
  opened: boolean
  customerId: string
  /** The contact to edit, or `null` to add one. */
  contact: Contact | null
  onClose: () => void
  onSaved: (contact: Contact) => void
}

export function ContactFormModal({ opened, customerId, contact, onClose, onSaved }: ContactFormModalProps) {
  const { t } = useTranslation()
  return (
    <Modal opened={opened} onClose={onClose} title={contact ? t('contacts.editTitle') : t('contacts.addTitle')}>
      <ContactForm customerId={customerId} contact={contact} onCancel={onClose} onSaved={onSaved} />
    </Modal>
  )
}
