import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core'
import { IconWand } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Report } from '../../../../src/modules/monitoring/schema.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useReparseReport } from './api.ts'
import { formatsFor } from './formats.ts'

/** The button of a report's row that opens ClassifyModal for it. */
export function ClassifyButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation()
  return (
    <Button size="compact-sm" variant="light" leftSection={<IconWand size={14} />} onClick={onClick}>
      {t('monitoring.classify.action')}
    </Button>
  )
}

/**
 * Reads an unparsed report again with the format a person recognises in it. When that format does not understand
 * it either, the report stays unparsed and the new reason is shown.
 */
export function ClassifyModal({
  report,
  onClose,
  onOpen,
}: {
  report: Report | null
  onClose: () => void
  /** Opens the report, to see what the chosen format made of it. */
  onOpen: (id: string) => void
}) {
  const { t } = useTranslation()
  return (
    <Modal opened={report !== null} onClose={onClose} title={t('monitoring.classify.title')} centered>
      {report && <ClassifyForm key={report.id} report={report} onClose={onClose} onOpen={onOpen} />}
    </Modal>
  )
}

function ClassifyForm({
  report,
  onClose,
  onOpen,
}: {
  report: Report
  onClose: () => void
  onOpen: (id: string) => void
}) {
  const { t } = useTranslation()
  const reparse = useReparseReport()
  const [format, setFormat] = useState<string | null>(report.formatRequested)
  const result = reparse.data
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        if (format) {
          reparse.mutate({ id: report.id, format })
        }
      }}
    >
      <Stack>
        {report.reason && (
          <Text size="sm">
            {t('monitoring.classify.reason')}: <i>{report.reason}</i>
          </Text>
        )}
        <Select
          label={t('monitoring.classify.format')}
          description={t('monitoring.classify.formatHint')}
          data={formatsFor(report.kind)}
          value={format}
          onChange={setFormat}
          searchable
          required
          data-autofocus
        />
        <ErrorAlert error={reparse.error} />
        {result &&
          (result.status === 'parsed' ? (
            <Alert color="teal" title={t('monitoring.classify.parsed', { count: result.events.length })}>
              <Button
                size="compact-sm"
                variant="light"
                onClick={() => {
                  onClose()
                  onOpen(result.id)
                }}
              >
                {t('monitoring.classify.show')}
              </Button>
            </Alert>
          ) : (
            <Alert color="orange" title={t('monitoring.classify.stillUnparsed')}>
              {result.reason}
            </Alert>
          ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {result?.status === 'parsed' ? t('common.close') : t('common.cancel')}
          </Button>
          <Button type="submit" loading={reparse.isPending} disabled={!format}>
            {t('monitoring.classify.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
