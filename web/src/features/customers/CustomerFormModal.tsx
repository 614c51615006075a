import { Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core'
import { useState, type ChangeEvent, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { CustomerCreate, type Customer } from '../../../../src/modules/customers/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { intlLocale } from '../../app/i18n.ts'
import { validate } from '../../app/validate.ts'
import { CountrySelect } from '../../components/CountrySelect.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useStaffUsers } from '../tickets/api.ts'
import { useCreateCustomer, useUpdateCustomer } from './api.ts'

interface CustomerFormValues {
  name: string
  email: string
  phone: string
  address: string
  postalCode: string
  city: string
  country: string
  vatNumber: string
  technicianId: string | null
  notes: string
}

function toForm(customer: Customer | null): CustomerFormValues {
  return {
    name: customer?.name ?? '',
    email: customer?.email ?? '',
    phone: customer?.phone ?? '',
    address: customer?.address ?? '',
    postalCode: customer?.postalCode ?? '',
    city: customer?.city ?? '',
    country: customer?.country ?? 'NL',
    vatNumber: customer?.vatNumber ?? '',
    technicianId: customer?.technicianId ?? null,
    notes: customer?.notes ?? '',
  }
}

interface CustomerFormModalProps {
  opened: boolean
  /** The customer to edit, or `null` to create one. */
  customer: Customer | null
  onClose: () => void
  onSaved: (customer: Customer) => void
}

interface CustomerFormProps {
  customer: Customer | null
  onCancel: () => void
  onSaved: (customer: Customer) => void
}

/** Lives inside the modal, so every opening starts with fresh values and no old error. */
function CustomerForm({ customer, onCancel, onSaved }: CustomerFormProps) {
  const { t, i18n } = useTranslation()
  const create = useCreateCustomer()
  const update = useUpdateCustomer(customer?.id ?? '')
  const mutation = customer ? update : create
  const [values, setValues] = useState(() => toForm(customer))
  const [errors, setErrors] = useState<FieldErrors>({})
  const serverErrors = fieldErrorsOf(mutation.error, t)
  // The staff who look after customers: admins and technicians.
  const staff = useStaffUsers()
  const technicians = (staff.data ?? [])
    .filter((u) => u.role === 'admin' || u.role === 'technician')
    .map((u) => ({ value: u.id, label: u.name }))
  if (values.technicianId && !technicians.some((o) => o.value === values.technicianId)) {
    // Someone no longer active (or not yet loaded): keep the choice visible rather than blank it.
    technicians.push({ value: values.technicianId, label: t('customers.technicianUnknown') })
  }

  const field = (key: Exclude<keyof CustomerFormValues, 'country' | 'notes' | 'technicianId'>) => ({
    value: values[key],
    onChange: (e: ChangeEvent<HTMLInputElement>) => setValues({ ...values, [key]: e.currentTarget.value }),
    error: errors[key] ?? serverErrors[key],
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(CustomerCreate, values)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    const done = { onSuccess: (saved: Customer) => onSaved(saved) }
    if (customer) {
      update.mutate(checked.data, done)
    } else {
      create.mutate(checked.data, done)
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput label={t('customers.name')} required data-autofocus {...field('name')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('customers.email')} type="email" {...field('email')} />
          <TextInput label={t('customers.phone')} type="tel" {...field('phone')} />
        </SimpleGrid>
        <TextInput label={t('customers.address')} {...field('address')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('customers.postalCode')} {...field('postalCode')} />
          <TextInput label={t('customers.city')} {...field('city')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <CountrySelect
            label={t('customers.country')}
            value={values.country}
            onChange={(country) => setValues({ ...values, country })}
            locale={intlLocale(i18n.language)}
            error={errors.country ?? serverErrors.country}
          />
          <TextInput label={t('customers.vatNumber')} {...field('vatNumber')} />
        </SimpleGrid>
        <Select
          label={t('customers.technician')}
          description={t('customers.technicianHint')}
          placeholder={t('customers.noTechnician')}
          data={technicians}
          value={values.technicianId}
          onChange={(technicianId) => setValues({ ...values, technicianId })}
          searchable
          clearable
          nothingFoundMessage={t('common.nothingFound')}
          error={errors.technicianId ?? serverErrors.technicianId}
        />
        <Textarea
          label={t('customers.notes')}
          autosize
          minRows={3}
          value={values.notes}
          onChange={(e) => setValues({ ...values, notes: e.currentTarget.value })}
          error={errors.notes ?? serverErrors.notes}
        />
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

/** Creates a customer, or edits one when `customer` is given. */
export function CustomerFormModal({ opened, customer, onClose, onSaved }: CustomerFormModalProps) {
  const { t } = useTranslation()
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={customer ? t('customers.editTitle') : t('customers.newTitle')}
      size="lg"
    >
      <CustomerForm customer={customer} onCancel={onClose} onSaved={onSaved} />
    </Modal>
  )
}
