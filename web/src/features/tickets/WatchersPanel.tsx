import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core'
import { IconEye, IconX } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { WatcherCreate } from '../../../../src/modules/tickets/schema.ts'
import { validate } from '../../app/validate.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useAddWatcher, useRemoveWatcher, useWatchers } from './api.ts'

/** Who else gets the ticket's mails: colleagues, or people at the customer besides the requester. */
export function WatchersPanel({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation()
  const watchers = useWatchers(ticketId)
  const add = useAddWatcher(ticketId)
  const remove = useRemoveWatcher(ticketId)
  const [email, setEmail] = useState('')
  const [error, setError] = useState<string | undefined>()

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(WatcherCreate, { email: email.trim() })
    if (!checked.ok) {
      setError(checked.errors.email)
      return
    }
    setError(undefined)
    add.mutate(checked.data.email, { onSuccess: () => setEmail('') })
  }

  const items = watchers.data?.items ?? []
  return (
    <Stack gap="xs">
      <ErrorAlert error={watchers.error ?? remove.error} />
      {items.length === 0 && !watchers.isPending && (
        <Text size="sm" c="dimmed">
          {t('watchers.none')}
        </Text>
      )}
      {items.map((w) => (
        <Group key={w.email} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <IconEye size={14} aria-hidden style={{ flexShrink: 0 }} />
            <Text size="sm" truncate="end">
              {w.email}
            </Text>
          </Group>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t('watchers.remove', { email: w.email })}
            loading={remove.isPending && remove.variables === w.email}
            onClick={() => remove.mutate(w.email)}
          >
            <IconX size={14} />
          </ActionIcon>
        </Group>
      ))}
      <form onSubmit={submit} noValidate>
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            aria-label={t('watchers.email')}
            placeholder={t('watchers.placeholder')}
            type="email"
            size="xs"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={error}
            style={{ flex: 1 }}
          />
          <Button type="submit" size="xs" variant="default" loading={add.isPending}>
            {t('watchers.add')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={add.error} />
    </Stack>
  )
}
