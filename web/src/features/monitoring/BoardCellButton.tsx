import { Tooltip, UnstyledButton } from '@mantine/core'
import { IconCheck, IconClock, IconExclamationMark, IconQuestionMark, IconX } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { BoardCell } from '../../../../src/modules/monitoring/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { cellLook, type CellSymbol } from './board.ts'

const SIZE = 28

function Symbol({ symbol }: { symbol: CellSymbol }) {
  const props = { size: 16, stroke: 2.5, 'aria-hidden': true }
  switch (symbol) {
    case 'check':
      return <IconCheck {...props} />
    case 'alert':
      return <IconExclamationMark {...props} />
    case 'cross':
      return <IconX {...props} />
    case 'question':
      return <IconQuestionMark {...props} />
    case 'clock':
      return <IconClock {...props} size={14} stroke={1.8} />
    case null:
      return null
  }
}

/**
 * One job on one day: a coloured square with a symbol, its status, runs and time in the tooltip and the accessible
 * name. A cell with something to show (a report, or a day without one) opens it.
 */
export function BoardCellButton({
  cell,
  job,
  dayLabel,
  onOpen,
}: {
  cell: BoardCell
  job: string
  dayLabel: string
  onOpen?: () => void
}) {
  const { t } = useTranslation()
  const format = useFormatters()
  const look = cellLook(cell.status)
  const status = t(`monitoring.status.${cell.status}`)
  const parts = [
    status,
    cell.runs > 0 ? t('monitoring.cell.runs', { count: cell.runs }) : null,
    cell.at !== null ? t('monitoring.cell.at', { time: format.dateTime(cell.at) }) : null,
    cell.status === 'none' || cell.decided
      ? null
      : cell.closed
        ? t('monitoring.cell.awaitingCheck')
        : t('monitoring.cell.open'),
  ].filter((p): p is string => p !== null)
  const label = `${job}, ${dayLabel}: ${parts.join('; ')}`

  // Amber is light: a dark symbol on it; white on the darker fills.
  const style =
    look.variant === 'filled'
      ? {
          background: `var(--mantine-color-${look.color}-${look.shade})`,
          color: cell.status === 'warning' ? 'var(--mantine-color-dark-7)' : 'var(--mantine-color-white)',
          // A run came but the window is still open: the same colour, visibly provisional.
          opacity: cell.closed ? 1 : 0.55,
        }
      : look.variant === 'outline'
        ? {
            border: `1.5px dashed var(--mantine-color-${look.color}-${look.shade})`,
            color: `var(--mantine-color-${look.color}-${look.shade})`,
          }
        : { color: 'var(--mantine-color-gray-4)' }

  const box = {
    width: SIZE,
    height: SIZE,
    borderRadius: 4,
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    ...style,
  }

  if (cell.status === 'none') {
    return (
      <span style={box} aria-label={label} role="img">
        ·
      </span>
    )
  }
  return (
    <Tooltip label={parts.join(' · ')} withArrow openDelay={150}>
      {onOpen ? (
        <UnstyledButton style={box} aria-label={label} onClick={onOpen} data-status={cell.status}>
          <Symbol symbol={look.symbol} />
        </UnstyledButton>
      ) : (
        <span style={box} aria-label={label} role="img" data-status={cell.status}>
          <Symbol symbol={look.symbol} />
        </span>
      )}
    </Tooltip>
  )
}
