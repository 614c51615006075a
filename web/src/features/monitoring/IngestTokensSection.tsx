import { Alert, Badge, Button, Code, CopyButton, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import { IconAlertTriangle, IconKey } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import {
  IngestTokenCreate,
  type IngestToken,
  type IngestTokenCreated,
} from '../../../../src/modules/monitoring/schema.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { validate } from '../../app/validate.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useCreateIngestToken, useIngestTokens, useRevokeIngestToken } from './api.ts'
import { REPORT_FORMATS } from './formats.ts'
import { ingestCommand } from './ingestCommand.ts'

/**
 * The tokens a customer's log shippers send reports with. A new token is shown once, with the command that uses
 * it; afterwards only its first characters are known.
 */
export function IngestTokensSection({ customerId, canEdit }: { customerId: string; canEdit: boolean }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const tokens = useIngestTokens(customerId)
  const create = useCreateIngestToken(customerId)
  const revoke = useRevokeIngestToken(customerId)
  const [name, setName] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [revoking, setRevoking] = useState<IngestToken | null>(null)

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(IngestTokenCreate, { name })
    if (!checked.ok) {
      setError(checked.errors.name)
      return
    }
    setError(undefined)
    create.mutate(checked.data.name, { onSuccess: () => setName('') })
  }

  return (
    <Stack>
      {create.data && <CreatedToken token={create.data} onDone={() => create.reset()} />}
      {canEdit && (
        <form onSubmit={submit} noValidate>
          <Group align="flex-end">
            <TextInput
              label={t('monitoring.tokens.name')}
              description={t('monitoring.tokens.nameHint')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={error ?? fieldErrorsOf(create.error, t).name}
              w={360}
            />
            <Button type="submit" leftSection={<IconKey size={16} />} loading={create.isPending}>
              {t('monitoring.tokens.create')}
            </Button>
          </Group>
        </form>
      )}
      <ErrorAlert error={create.error ?? tokens.error} />
      {tokens.isPending ? (
        <PageLoader />
      ) : tokens.data && tokens.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('monitoring.tokens.empty')}
        </Text>
      ) : (
        tokens.data && (
          <Table.ScrollContainer minWidth={700}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('monitoring.tokens.name')}</Table.Th>
                  <Table.Th>{t('tokens.prefix')}</Table.Th>
                  <Table.Th>{t('tokens.createdAt')}</Table.Th>
                  <Table.Th>{t('tokens.lastUsedAt')}</Table.Th>
                  <Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.items.map((token) => (
                  <Table.Tr key={token.id} c={token.revokedAt !== null ? 'dimmed' : undefined}>
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
                        <Badge color="gray">
                          {t('monitoring.tokens.revokedOn', { time: format.date(token.revokedAt) })}
                        </Badge>
                      ) : (
                        canEdit && (
                          <Button size="compact-xs" variant="subtle" color="red" onClick={() => setRevoking(token)}>
                            {t('tokens.revoke')}
                          </Button>
                        )
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      )}
      <ConfirmDialog
        opened={revoking !== null}
        title={t('monitoring.tokens.revokeTitle')}
        message={t('monitoring.tokens.revokeConfirm', { name: revoking?.name ?? '' })}
        confirmLabel={t('tokens.revoke')}
        danger
        loading={revoke.isPending}
        error={<ErrorAlert error={revoke.error} />}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      />
    </Stack>
  )
}

/** The token, once, with the command to send a report with it, tailored to a format and job. */
function CreatedToken({ token, onDone }: { token: IngestTokenCreated; onDone: () => void }) {
  const { t } = useTranslation()
  const [formatName, setFormatName] = useState('restic')
  const [job, setJob] = useState('')
  const kind = REPORT_FORMATS.find((f) => f.format === formatName)?.kind ?? 'backup'
  const command = ingestCommand({
    origin: window.location.origin,
    token: token.token,
    kind,
    format: formatName,
    job,
  })
  return (
    <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title={t('monitoring.tokens.createdTitle')}>
      <Stack gap="xs">
        <Text size="sm">{t('monitoring.tokens.showOnce')}</Text>
        <Group gap="xs" wrap="nowrap">
          <Code block style={{ flex: 1, wordBreak: 'break-all' }} aria-label={t('monitoring.tokens.token')}>
            {token.token}
          </Code>
          <Copy value={token.token} />
        </Group>
        <Text size="sm" fw={600} mt="xs">
          {t('monitoring.tokens.usage')}
        </Text>
        <Group gap="xs" align="flex-end">
          <Select
            label={t('monitoring.tokens.format')}
            data={[...REPORT_FORMATS.map((f) => f.format)].sort()}
            value={formatName}
            onChange={(v) => v && setFormatName(v)}
            allowDeselect={false}
            searchable
            size="xs"
            w={180}
          />
          <TextInput
            label={t('monitoring.tokens.job')}
            placeholder={t('monitoring.tokens.jobPlaceholder')}
            value={job}
            onChange={(e) => setJob(e.currentTarget.value)}
            size="xs"
            w={220}
          />
        </Group>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Code block style={{ flex: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {command}
          </Code>
          <Copy value={command} />
        </Group>
        <Group>
          <Button size="xs" variant="subtle" onClick={onDone}>
            {t('tokens.done')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  )
}

function Copy({ value }: { value: string }) {
  const { t } = useTranslation()
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button size="xs" variant={copied ? 'filled' : 'default'} onClick={copy}>
          {copied ? t('common.copied') : t('common.copy')}
        </Button>
      )}
    </CopyButton>
  )
}
