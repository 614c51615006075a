import { Anchor, Card, Group, SimpleGrid, Skeleton, Text, ThemeIcon } from '@mantine/core'
import { IconAlarm, IconBulb, IconFileText, IconThumbDown, IconThumbUp, type IconProps } from '@tabler/icons-react'
import type { ComponentType, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useFormatters } from '../../app/useFormatters.ts'
import { useDocStats } from './api.ts'
import { DocErrorAlert } from './DocErrorAlert.tsx'

interface FigureProps {
  label: string
  icon: ComponentType<IconProps>
  color: string
  value: ReactNode
  detail: ReactNode
}

function Figure({ label, icon: Icon, color, value, detail }: FigureProps) {
  return (
    <Card withBorder padding="sm">
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color={color} size="lg" radius="md">
          <Icon size={20} />
        </ThemeIcon>
        <div style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed" fw={500}>
            {label}
          </Text>
          <Text fw={700} size="xl" lh={1.3}>
            {value}
          </Text>
          <Text size="xs" c="dimmed">
            {detail}
          </Text>
        </div>
      </Group>
    </Card>
  )
}

/** The documentation at a glance: what is published, what needs a review, and whether readers are helped. */
export function DocDashboard({ reviewLink }: { reviewLink: string }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const stats = useDocStats()
  if (stats.isError) {
    return <DocErrorAlert error={stats.error} />
  }
  if (!stats.data) {
    return (
      <SimpleGrid cols={{ base: 2, md: 4 }} aria-busy>
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} h={86} radius="md" />
        ))}
      </SimpleGrid>
    )
  }
  const { documents, reviewOverdue, feedback, suggestions } = stats.data
  const answered = feedback.yes + feedback.no
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} role="group" aria-label={t('docs.dashboard.label')}>
      <Figure
        label={t('docs.dashboard.published')}
        icon={IconFileText}
        color="indigo"
        value={format.number(documents.published)}
        detail={t('docs.dashboard.drafts', { count: documents.drafts })}
      />
      <Figure
        label={t('docs.dashboard.reviewOverdue')}
        icon={IconAlarm}
        color={reviewOverdue > 0 ? 'orange' : 'gray'}
        value={format.number(reviewOverdue)}
        detail={
          reviewOverdue > 0 ? (
            <Anchor component={Link} to={reviewLink} size="xs">
              {t('docs.dashboard.showOverdue')}
            </Anchor>
          ) : (
            t('docs.dashboard.noneOverdue')
          )
        }
      />
      <Figure
        label={t('docs.dashboard.feedback')}
        icon={feedback.no > feedback.yes ? IconThumbDown : IconThumbUp}
        color="teal"
        value={
          <Group gap="sm" component="span">
            <span aria-label={t('docs.dashboard.helpfulYes', { count: feedback.yes })}>
              <IconThumbUp size={16} aria-hidden /> {format.number(feedback.yes)}
            </span>
            <span aria-label={t('docs.dashboard.helpfulNo', { count: feedback.no })}>
              <IconThumbDown size={16} aria-hidden /> {format.number(feedback.no)}
            </span>
          </Group>
        }
        detail={
          answered > 0
            ? t('docs.dashboard.helpfulShare', { share: format.percent(feedback.yes / answered) })
            : t('docs.dashboard.last30Days')
        }
      />
      <Figure
        label={t('docs.dashboard.deflected')}
        icon={IconBulb}
        color="grape"
        value={format.number(suggestions.deflected)}
        detail={t('docs.dashboard.suggestionsOpened', { count: suggestions.opened })}
      />
    </SimpleGrid>
  )
}
