import { Badge, Button, Table, Text, Tooltip } from '@mantine/core'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useRevokeSession, useSessions } from './api.ts'
import { describeUserAgent } from './userAgent.ts'

/** "Chrome op Linux", or what is known of it; the full header stays available in a tooltip. */
function deviceName(userAgent: string | null, t: TFunction): string {
  const { browser, os } = describeUserAgent(userAgent)
  if (browser && os) {
    return t('sessions.deviceOn', { browser, os })
  }
  return browser ?? os ?? t('sessions.unknownDevice')
}

/** Where this account is signed in; any other device can be signed out from here. */
export function SessionsSection() {
  const { t } = useTranslation()
  const format = useFormatters()
  const sessions = useSessions()
  const revoke = useRevokeSession()

  if (sessions.isPending) {
    return <PageLoader />
  }
  return (
    <>
      <ErrorAlert error={sessions.error ?? revoke.error} />
      {sessions.data && (
        <Table.ScrollContainer minWidth={600}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sessions.device')}</Table.Th>
                <Table.Th>{t('sessions.ip')}</Table.Th>
                <Table.Th>{t('sessions.createdAt')}</Table.Th>
                <Table.Th>{t('sessions.lastSeenAt')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.data.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Tooltip label={s.userAgent} multiline maw={420} disabled={!s.userAgent}>
                      <Text size="sm" span>
                        {deviceName(s.userAgent, t)}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>{s.ip ?? ''}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(s.createdAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(s.lastSeenAt)}</Table.Td>
                  <Table.Td>
                    {s.current ? (
                      <Badge variant="light">{t('sessions.current')}</Badge>
                    ) : (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        loading={revoke.isPending && revoke.variables === s.id}
                        onClick={() => revoke.mutate(s.id)}
                      >
                        {t('sessions.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  )
}
