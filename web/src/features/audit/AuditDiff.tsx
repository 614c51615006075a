import { Code, Group, Stack, Text } from '@mantine/core'
import { IconArrowRight } from '@tabler/icons-react'
import type { AuditEntry } from '../../../../src/modules/audit/schema.ts'

function show(value: unknown): string {
  if (value === null || value === undefined) {
    return '—'
  }
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Each changed field as `field: before → after`. */
export function AuditDiff({ diff }: { diff: NonNullable<AuditEntry['diff']> }) {
  return (
    <Stack gap={4}>
      {Object.entries(diff).map(([field, [before, after]]) => (
        <Group key={field} gap="xs" wrap="wrap" align="center">
          <Text size="sm" fw={600}>
            {field}:
          </Text>
          <Code>{show(before)}</Code>
          <IconArrowRight size={14} aria-hidden />
          <Code>{show(after)}</Code>
        </Group>
      ))}
    </Stack>
  )
}
