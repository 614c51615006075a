import {
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  Modal,
  Progress,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core'
import { IconAlertTriangle, IconCircleCheck, IconFileTypeCsv, IconInfoCircle } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ImportIssue, ImportNotice, ImportResult } from '../../../../src/modules/assets/schema.ts'
import { useImportAssets } from './api.ts'
import { ModuleErrorAlert } from './ModuleErrorAlert.tsx'

interface ImportModalProps {
  opened: boolean
  customerId: string
  onClose: () => void
  onImported: (created: number) => void
}

/**
 * "Importeren uit CSV": choose a file, check it (a dry run that writes nothing and lists every row's problems),
 * then import it, or only its valid rows. The bar shows the upload; the server's work follows as a running bar.
 */
export function ImportModal({ opened, customerId, onClose, onImported }: ImportModalProps) {
  const { t } = useTranslation()
  return (
    <Modal opened={opened} onClose={onClose} title={t('assets.import.title')} size="xl">
      {opened && (
        <ImportSteps
          customerId={customerId}
          onClose={onClose}
          onImported={(created) => {
            onImported(created)
            onClose()
          }}
        />
      )}
    </Modal>
  )
}

function ImportSteps({ customerId, onClose, onImported }: Omit<ImportModalProps, 'opened'>) {
  const { t } = useTranslation()
  const run = useImportAssets(customerId)
  const [file, setFile] = useState<File | null>(null)
  const [checked, setChecked] = useState<ImportResult | null>(null)
  const [share, setShare] = useState(0)

  function send(mode: 'dry-run' | 'import', validRowsOnly: boolean) {
    if (!file) {
      return
    }
    setShare(0)
    run.mutate(
      { file, mode, validRowsOnly, onProgress: setShare },
      {
        onSuccess: (result) => {
          if (result.mode === 'dry-run') {
            setChecked(result)
          } else {
            onImported(result.created)
          }
        },
      },
    )
  }

  const running = run.isPending
  const canImportAll = checked !== null && checked.invalid === 0 && checked.valid > 0
  const canImportValid = checked !== null && checked.invalid > 0 && checked.valid > 0

  return (
    <Stack>
      <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />}>
        <Text size="sm">{t('assets.import.hint')}</Text>
      </Alert>
      <FileInput
        label={t('assets.import.file')}
        placeholder={t('assets.import.choose')}
        accept=".csv,text/csv,text/plain"
        leftSection={<IconFileTypeCsv size={16} />}
        value={file}
        onChange={(f) => {
          setFile(f)
          setChecked(null)
          run.reset()
        }}
        clearable
        disabled={running}
      />
      {running && (
        <Stack gap={4}>
          <Progress
            value={share < 1 ? Math.max(3, share * 100) : 100}
            animated={share >= 1}
            striped={share >= 1}
            aria-label={t('assets.import.progress')}
          />
          <Text size="xs" c="dimmed">
            {share < 1
              ? t('assets.import.uploading', { percent: Math.round(share * 100) })
              : t('assets.import.working')}
          </Text>
        </Stack>
      )}
      <ModuleErrorAlert error={run.error} />
      {checked && <DryRunResult result={checked} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} disabled={running}>
          {t('common.cancel')}
        </Button>
        {!checked && (
          <Button disabled={!file} loading={running} onClick={() => send('dry-run', false)}>
            {t('assets.import.check')}
          </Button>
        )}
        {checked && canImportValid && (
          <Button color="orange" loading={running} onClick={() => send('import', true)}>
            {t('assets.import.importValid', { count: checked.valid })}
          </Button>
        )}
        {checked && canImportAll && (
          <Button loading={running} onClick={() => send('import', false)}>
            {t('assets.import.importAll', { count: checked.valid })}
          </Button>
        )}
      </Group>
    </Stack>
  )
}

function DryRunResult({ result }: { result: ImportResult }) {
  const { t } = useTranslation()
  const ok = result.invalid === 0
  return (
    <Stack>
      <Alert
        color={ok ? (result.valid > 0 ? 'green' : 'yellow') : 'orange'}
        icon={ok ? <IconCircleCheck size={18} /> : <IconAlertTriangle size={18} />}
        title={
          ok
            ? result.valid > 0
              ? t('assets.import.allValid', { count: result.valid })
              : t('assets.import.nothing')
            : t('assets.import.someInvalid', { invalid: result.invalid, rows: result.rows })
        }
      >
        <SimpleGrid cols={3} spacing="xs">
          <Text size="sm">{t('assets.import.rows', { count: result.rows })}</Text>
          <Text size="sm">{t('assets.import.valid', { count: result.valid })}</Text>
          <Text size="sm">{t('assets.import.invalid', { count: result.invalid })}</Text>
        </SimpleGrid>
        {result.sitesCreated.length > 0 && (
          <Text size="sm" mt={6}>
            {t('assets.import.newSites')}{' '}
            {result.sitesCreated.map((s) => (
              <Badge key={s} variant="light" mr={4}>
                {s}
              </Badge>
            ))}
          </Text>
        )}
      </Alert>
      {result.errors.length > 0 && (
        <IssueTable
          title={t('assets.import.errors', { count: result.errors.length })}
          issues={result.errors}
          color="red"
        />
      )}
      {result.warnings.length > 0 && (
        <IssueTable
          title={t('assets.import.warnings', { count: result.warnings.length })}
          issues={result.warnings}
          color="orange"
        />
      )}
    </Stack>
  )
}

function IssueTable({
  title,
  issues,
  color,
}: {
  title: string
  issues: (ImportIssue | ImportNotice)[]
  color: string
}) {
  const { t } = useTranslation()
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm" c={`${color}.8`}>
        {title}
      </Text>
      <ScrollArea.Autosize mah={260} type="auto">
        <Table verticalSpacing={4} fz="sm" withTableBorder stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>{t('assets.import.row')}</Table.Th>
              <Table.Th w={150}>{t('assets.import.column')}</Table.Th>
              <Table.Th>{t('assets.import.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {issues.map((issue, i) => (
              <Table.Tr key={i}>
                <Table.Td ff="monospace">{issue.row ?? '—'}</Table.Td>
                <Table.Td ff="monospace">{issue.column ?? '—'}</Table.Td>
                <Table.Td>{issue.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Stack>
  )
}
