import { Badge, Button, Checkbox, Collapse, Group, Paper, Stack, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconLock, IconMail, IconMessage, IconPhone } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { AffectedSystemsText } from './AffectedSystems.tsx'
import type { Article, Ticket } from '../../../../src/modules/tickets/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { splitQuoted } from './quotedText.ts'

interface ConversationProps {
  ticket: Ticket
  articles: Article[]
  /** Staff see who wrote what from the desk's point of view; a contact sees "you" and "the service desk". */
  view: 'staff' | 'portal'
  /** While splitting: the articles ticked so far, and how to tick one. */
  selection?: { ids: Set<string>; toggle: (id: string) => void }
}

const kindIcons: Record<Article['kind'], ReactNode> = {
  reply: <IconMessage size={14} />,
  note: <IconLock size={14} />,
  mail: <IconMail size={14} />,
  phone: <IconPhone size={14} />,
}

/** The border colour tells the kinds apart at a glance: the desk's answers, the customer's words, internal notes. */
function tone(article: Pick<Article, 'public' | 'byStaff'>): { border: string; background?: string } {
  if (!article.public) {
    return { border: 'var(--mantine-color-yellow-5)', background: 'var(--mantine-color-yellow-0)' }
  }
  return article.byStaff
    ? { border: 'var(--mantine-color-indigo-4)' }
    : { border: 'var(--mantine-color-gray-4)', background: 'var(--mantine-color-gray-0)' }
}

/**
 * What to show of a message at once, and what to fold away: the server's split of a mail (quoted history and
 * signature) when it made one, else a split of the text's quoted tail.
 */
function foldedText(article: Pick<Article, 'kind' | 'bodyText' | 'folded'>): { body: string; quoted: string | null } {
  if (article.folded) {
    const rest = [article.folded.quoted, article.folded.signature].filter((part) => part !== null && part.trim() !== '')
    return article.folded.visible.trim() === ''
      ? { body: article.bodyText, quoted: null }
      : { body: article.folded.visible, quoted: rest.length > 0 ? rest.join('\n\n') : null }
  }
  return article.kind === 'mail' ? splitQuoted(article.bodyText) : { body: article.bodyText, quoted: null }
}

/** The body of one message: plain text, the quoted history of a mail folded away, the formatted mail on request. */
function Body({ article }: { article: Pick<Article, 'kind' | 'bodyText' | 'bodyHtml' | 'folded'> }) {
  const { t } = useTranslation()
  const [quoteOpen, quote] = useDisclosure(false)
  const [htmlOpen, html] = useDisclosure(false)
  const { body, quoted } = foldedText(article)
  return (
    <Stack gap="xs">
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {body}
      </Text>
      {(quoted !== null || article.bodyHtml !== null) && (
        <Group gap="xs">
          {quoted !== null && (
            <Button variant="subtle" size="compact-xs" color="gray" onClick={quote.toggle}>
              {quoteOpen ? t('conversation.hideQuoted') : t('conversation.showQuoted')}
            </Button>
          )}
          {article.bodyHtml !== null && (
            <Button variant="subtle" size="compact-xs" color="gray" onClick={html.toggle}>
              {htmlOpen ? t('conversation.hideHtml') : t('conversation.showHtml')}
            </Button>
          )}
        </Group>
      )}
      {quoted !== null && (
        <Collapse expanded={quoteOpen}>
          <Text
            size="xs"
            c="dimmed"
            style={{ whiteSpace: 'pre-wrap', borderLeft: '2px solid var(--mantine-color-gray-3)', paddingLeft: 8 }}
          >
            {quoted}
          </Text>
        </Collapse>
      )}
      {article.bodyHtml !== null && htmlOpen && (
        // Sanitised by the server, and still kept out of this document: a sandbox without any permission.
        <iframe
          title={t('conversation.showHtml')}
          sandbox=""
          srcDoc={article.bodyHtml}
          referrerPolicy="no-referrer"
          style={{ width: '100%', height: 420, border: '1px solid var(--mantine-color-gray-3)', background: 'white' }}
        />
      )}
    </Stack>
  )
}

/** The original report and every message after it, oldest first. Internal notes are yellow and say so. */
export function Conversation({ ticket, articles, view, selection }: ConversationProps) {
  const { t } = useTranslation()
  const format = useFormatters()
  const staff = view === 'staff'
  // A ticket made from a mail holds that mail as its first article, with the sender and its formatting: the
  // description (the same text, plain) would only repeat it.
  const first = articles[0]
  const opensWithMail = ticket.source === 'email' && first?.kind === 'mail' && first.createdAt === ticket.createdAt

  const author = (a: Article) => {
    const name = a.author.name ?? a.author.email ?? t('conversation.unknownAuthor')
    if (staff) {
      return name
    }
    return a.byStaff ? t('conversation.deskName', { name }) : name
  }

  return (
    <Stack gap="sm">
      {!opensWithMail && (
        <Paper withBorder p="md" style={{ borderLeft: '4px solid var(--mantine-color-gray-4)' }}>
          <Group justify="space-between" mb="xs" wrap="nowrap">
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {ticket.requester?.name ??
                  (ticket.type === 'monitoring-alert'
                    ? t('conversation.monitoringAuthor')
                    : t('conversation.unknownAuthor'))}
              </Text>
              <Badge variant="light" color="gray" size="sm">
                {t('conversation.report')}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              {format.dateTime(ticket.createdAt)}
            </Text>
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {ticket.description}
          </Text>
          {ticket.assetIds.length > 0 && (
            <Text size="xs" c="dimmed" mt="xs">
              {t('tickets.fields.affectedSystem')}: <AffectedSystemsText ids={ticket.assetIds} />
            </Text>
          )}
        </Paper>
      )}
      {articles.map((a) => {
        const { border, background } = tone(a)
        return (
          <Paper
            key={a.id}
            withBorder
            p="md"
            bg={background}
            style={{ borderLeft: `4px solid ${border}` }}
            aria-label={a.public ? undefined : t('conversation.internalNote')}
          >
            <Group justify="space-between" mb="xs" wrap="nowrap" align="flex-start">
              <Group gap="xs">
                {selection && (
                  <Checkbox
                    aria-label={t('split.pick', { time: format.dateTime(a.createdAt) })}
                    checked={selection.ids.has(a.id)}
                    onChange={() => selection.toggle(a.id)}
                  />
                )}
                <Text size="sm" fw={600}>
                  {author(a)}
                </Text>
                <Badge
                  variant="light"
                  color={a.public ? (a.byStaff ? 'indigo' : 'gray') : 'yellow'}
                  size="sm"
                  leftSection={kindIcons[a.kind]}
                >
                  {a.public ? t(`conversation.kinds.${a.kind}`) : t('conversation.internalNote')}
                </Badge>
                {!a.public && a.kind === 'phone' && (
                  <Badge variant="light" color="yellow" size="sm" leftSection={kindIcons.phone}>
                    {t('conversation.kinds.phone')}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {format.dateTime(a.createdAt)}
              </Text>
            </Group>
            {!a.public && (
              <Text size="xs" c="yellow.9" mb={6}>
                {t('conversation.internalHint')}
              </Text>
            )}
            <Body article={a} />
          </Paper>
        )
      })}
    </Stack>
  )
}
