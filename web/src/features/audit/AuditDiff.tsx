import { Code, Group, Stack, Text, Tooltip } from '@mantine/core'
import { IconArrowRight } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { AuditEntry } from '../../../../src/modules/audit/schema.ts'
import { useFormatters, type Formatters } from '../../app/useFormatters.ts'
import { isAuditField } from './auditCatalogue.ts'

/** Instants are stored as epoch ms in fields such as `archivedAt`: shown as a date, not as 1767600000000. */
function show(field: string, value: unknown, format: Formatters): string {
  if (value === null || value === undefined) {
    return '—'
  }
  if (typeof value === 'number' && /At$/.test(field) && value > 1e11) {
    return format.dateTime(value)
  }
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Each changed field as `field: before → after`, the field named in words where it has a name (its code on hover). */
export function AuditDiff({ diff }: { diff: NonNullable<AuditEntry['diff']> }) {
  const { t } = useTranslation()
  const format = useFormatters()
  return (
    <Stack gap={4}>
      {Object.entries(diff).map(([field, [before, after]]) => (
        <Group key={field} gap="xs" wrap="wrap" align="center">
          <Tooltip label={field} disabled={!isAuditField(field)}>
            <Text size="sm" fw={600}>
              {isAuditField(field) ? t(`audit.fields.${field}`) : field}:
            </Text>
          </Tooltip>
          <Code>{show(field, before, format)}</Code>
          <IconArrowRight size={14} aria-hidden />
          <Code>{show(field, after, format)}</Code>
        </Group>
      ))}
    </Stack>
  )
}
