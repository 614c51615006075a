import { Button, Group, Modal, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ProductCreate, type Product } from '../../../../src/modules/docs/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { validate } from '../../app/validate.ts'
import { useCreateProduct } from './api.ts'
import { DocErrorAlert } from './DocErrorAlert.tsx'

function ProductForm(props: { initialName: string; onCancel: () => void; onCreated: (product: Product) => void }) {
  const { t } = useTranslation()
  const create = useCreateProduct()
  const [name, setName] = useState(props.initialName)
  const [vendor, setVendor] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const shown = { ...fieldErrorsOf(create.error, t), ...errors }

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(ProductCreate, { name, vendor: vendor.trim() || null })
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    create.mutate(checked.data, { onSuccess: props.onCreated })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('docs.products.name')}
          placeholder="Microsoft 365"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={shown.name}
          data-autofocus
        />
        <TextInput
          label={t('docs.products.vendor')}
          placeholder="Microsoft"
          value={vendor}
          onChange={(e) => setVendor(e.currentTarget.value)}
          error={shown.vendor}
        />
        <DocErrorAlert error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('docs.products.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/** Adds a product or piece of software to file documents under, from the editor. */
export function ProductModal(props: {
  opened: boolean
  initialName: string
  onClose: () => void
  onCreated: (product: Product) => void
}) {
  const { t } = useTranslation()
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('docs.products.title')}>
      {props.opened && (
        <ProductForm initialName={props.initialName} onCancel={props.onClose} onCreated={props.onCreated} />
      )}
    </Modal>
  )
}
