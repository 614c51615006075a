import { Alert, Badge, Button, Code, CopyButton, Group, Stack, Table, Text, TextInput } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiTokenCreate } from '../../../../src/modules/users/schema.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { validate } from '../../app/validate.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from './api.ts'

/** Personal API tokens for scripts and integrations. A new token is shown once and never again. */
export function ApiTokensSection() {
  const { t } = useTranslation()
  const format = useFormatters()
  const tokens = useApiTokens(true)
  const create = useCreateApiToken()
  const revoke = useRevokeApiToken()
  const [name, setName] = useState('')
  const [error, setError] = useState<string | undefined>()

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(ApiTokenCreate, { name })
    if (!checked.ok) {
      setError(checked.errors.name)
      return
    }
    setError(undefined)
    create.mutate(checked.data.name, { onSuccess: () => setName('') })
  }

  return (
    <Stack>
      {create.data && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title={t('tokens.createdTitle')}>
          <Stack gap="xs">
            <Text size="sm">{t('tokens.showOnce')}</Text>
            <Group gap="xs" wrap="nowrap">
              <Code block style={{ flex: 1, wordBreak: 'break-all' }}>
                {create.data.token}
              </Code>
              <CopyButton value={create.data.token}>
                {({ copied, copy }) => (
                  <Button size="xs" variant={copied ? 'filled' : 'default'} onClick={copy}>
                    {copied ? t('common.copied') : t('common.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Group>
              <Button size="xs" variant="subtle" onClick={() => create.reset()}>
                {t('tokens.done')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Group align="flex-end">
          <TextInput
            label={t('tokens.name')}
            description={t('tokens.nameHint')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error ?? fieldErrorsOf(create.error, t).name}
            w={320}
          />
          <Button type="submit" loading={create.isPending}>
            {t('tokens.create')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={create.error ?? revoke.error ?? tokens.error} />
      {tokens.isPending ? (
        <PageLoader />
      ) : tokens.data && tokens.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('tokens.empty')}
        </Text>
      ) : (
        tokens.data && (
          <Table.ScrollContainer minWidth={600}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tokens.name')}</Table.Th>
                  <Table.Th>{t('tokens.prefix')}</Table.Th>
                  <Table.Th>{t('tokens.createdAt')}</Table.Th>
                  <Table.Th>{t('tokens.lastUsedAt')}</Table.Th>
                  <Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.items.map((token) => (
                  <Table.Tr key={token.id}>
                    <Table.Td>{token.name}</Table.Td>
                    <Table.Td>
                      <Code>{token.prefix}…</Code>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(token.createdAt)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {token.lastUsedAt !== null ? format.dateTime(token.lastUsedAt) : t('tokens.neverUsed')}
                    </Table.Td>
                    <Table.Td>
                      {token.revokedAt !== null ? (
                        <Badge color="gray">{t('tokens.revoked')}</Badge>
                      ) : (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          loading={revoke.isPending && revoke.variables === token.id}
                          onClick={() => revoke.mutate(token.id)}
                        >
                          {t('tokens.revoke')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      )}
    </Stack>
  )
}
