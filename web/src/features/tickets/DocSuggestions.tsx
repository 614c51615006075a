import { Anchor, Group, List, Paper, Text, VisuallyHidden } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconBulb, IconExternalLink, IconFileText } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { docPath, kindName, markSuggestionOpened, useDocKinds, useDocSuggestions } from './docsApi.ts'

/**
 * Ticket deflection: documents that may already answer what the contact is typing as the title, shown under it.
 * Nothing at all while there are none, and the last list stays while the next is on its way, so the form does not
 * jump about while typing. A document opens in a new tab, so the ticket written so far stays.
 */
export function DocSuggestions({ title }: { title: string }) {
  const { t, i18n } = useTranslation()
  const [typed] = useDebouncedValue(title, 250)
  const { q, items } = useDocSuggestions(typed)
  const kinds = useDocKinds()

  if (items.length === 0) {
    return null
  }
  return (
    <Paper withBorder p="sm" radius="md" bg="var(--mantine-color-blue-light)">
      <Group gap={6} mb={6} wrap="nowrap">
        <IconBulb size={16} aria-hidden style={{ flexShrink: 0 }} />
        <Text size="sm" fw={600}>
          {t('docLinks.suggestionsTitle')}
        </Text>
      </Group>
      {/* role="list" again: without bullets some browsers no longer announce a list. */}
      <List
        role="list"
        aria-label={t('docLinks.suggestionsLabel')}
        spacing={4}
        size="sm"
        listStyleType="none"
        icon={<IconFileText size={16} aria-hidden style={{ display: 'block' }} />}
        center
      >
        {items.map((doc) => (
          <List.Item key={doc.id}>
            <Anchor
              href={docPath(doc.slug)}
              target="_blank"
              rel="noopener"
              size="sm"
              onClick={() => markSuggestionOpened(doc.id, q)}
              // A middle click opens it in a tab as well.
              onAuxClick={(e) => e.button === 1 && markSuggestionOpened(doc.id, q)}
            >
              {doc.title}
              <IconExternalLink size={12} aria-hidden style={{ marginLeft: 4, verticalAlign: 'middle' }} />
              <VisuallyHidden>{t('docLinks.newTab')}</VisuallyHidden>
            </Anchor>
            <Text span size="xs" c="dimmed">
              {' · '}
              {kindName(kinds.data?.items, doc.kind, i18n.language)}
            </Text>
          </List.Item>
        ))}
      </List>
    </Paper>
  )
}
