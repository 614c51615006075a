import { Badge, Group, Loader, Text, VisuallyHidden } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useDiff } from './api.ts'
import { DocErrorAlert } from './DocErrorAlert.tsx'
import classes from './docs.module.css'
import { parseUnifiedDiff, type DiffLine } from './unifiedDiff.ts'

const SIGN: Record<DiffLine['kind'], string> = { add: '+', remove: '−', context: '', hunk: '', note: '' }

/** What changed between two revisions, as a unified diff: added lines green, removed lines red. */
export function DiffView({ docId, from, to }: { docId: string; from: number; to: number }) {
  const { t } = useTranslation()
  const diff = useDiff(docId, from, to)
  if (from === to) {
    return (
      <Text size="sm" c="dimmed">
        {t('docs.revisions.sameRevision')}
      </Text>
    )
  }
  if (diff.isPending) {
    return <Loader size="sm" aria-label={t('common.loading')} />
  }
  if (diff.isError) {
    return <DocErrorAlert error={diff.error} />
  }
  const lines = parseUnifiedDiff(diff.data.patch)
  return (
    <>
      <Group gap="xs">
        <Badge color="green" variant="light">
          {t('docs.revisions.added', { count: diff.data.added })}
        </Badge>
        <Badge color="red" variant="light">
          {t('docs.revisions.removed', { count: diff.data.removed })}
        </Badge>
      </Group>
      {lines.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('docs.revisions.noChanges')}
        </Text>
      ) : (
        <div className={classes.diff} role="table" aria-label={t('docs.revisions.diffLabel', { from, to })}>
          {lines.map((line, i) => (
            <div key={i} role="row" className={`${classes.diffLine} ${classes[line.kind] ?? ''}`} data-kind={line.kind}>
              <span className={classes.diffNo} role="cell">
                {line.oldLine ?? ''}
              </span>
              <span className={classes.diffNo} role="cell">
                {line.newLine ?? ''}
              </span>
              <span className={classes.diffSign} role="cell">
                <span aria-hidden>{SIGN[line.kind]}</span>
                {/* Colour and sign alone do not tell a screen reader what happened to the line. */}
                {line.kind === 'add' && <VisuallyHidden>{t('docs.revisions.lineAdded')}</VisuallyHidden>}
                {line.kind === 'remove' && <VisuallyHidden>{t('docs.revisions.lineRemoved')}</VisuallyHidden>}
              </span>
              <span role="cell">{line.text || '\u00a0'}</span>
            </div>
          ))}
        </div>
      )}
    </>
  )
}
