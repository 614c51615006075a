import { Button, Group, Modal, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { DocKindCreate, type DocKind } from '../../../../src/modules/docs/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { validate } from '../../app/validate.ts'
import { useCreateKind } from './api.ts'
import { DocErrorAlert } from './DocErrorAlert.tsx'

/** A key for a kind made of its Dutch name: `Werkinstructie` → `werkinstructie`. */
function keyOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
}

function KindForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (kind: DocKind) => void }) {
  const { t } = useTranslation()
  const create = useCreateKind()
  const [nameNl, setNameNl] = useState('')
  const [nameEn, setNameEn] = useState('')
  const [key, setKey] = useState('')
  const [keyTouched, setKeyTouched] = useState(false)
  const [errors, setErrors] = useState<FieldErrors>({})
  const shown = { ...fieldErrorsOf(create.error, t), ...errors }

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(DocKindCreate, { key, nameNl, nameEn })
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    create.mutate(checked.data, { onSuccess: onCreated })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('docs.kinds.nameNl')}
          required
          value={nameNl}
          onChange={(e) => {
            const value = e.currentTarget.value
            setNameNl(value)
            if (!keyTouched) {
              setKey(keyOf(value))
            }
          }}
          error={shown.nameNl}
          data-autofocus
        />
        <TextInput
          label={t('docs.kinds.nameEn')}
          required
          value={nameEn}
          onChange={(e) => setNameEn(e.currentTarget.value)}
          error={shown.nameEn}
        />
        <TextInput
          label={t('docs.kinds.key')}
          description={t('docs.kinds.keyHint')}
          required
          value={key}
          onChange={(e) => {
            setKey(e.currentTarget.value)
            setKeyTouched(true)
          }}
          error={shown.key}
          ff="monospace"
        />
        <DocErrorAlert error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('docs.kinds.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/** Adds a kind of document (admins): its key stays, its names show in the editor and on the public pages. */
export function KindModal(props: { opened: boolean; onClose: () => void; onCreated: (kind: DocKind) => void }) {
  const { t } = useTranslation()
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('docs.kinds.title')}>
      {props.opened && <KindForm onCancel={props.onClose} onCreated={props.onCreated} />}
    </Modal>
  )
}
