import { Badge, Tooltip } from '@mantine/core'
import {
  IconAlertTriangle,
  IconBatteryCharging,
  IconBox,
  IconDatabase,
  IconDeviceDesktop,
  IconDeviceLaptop,
  IconPrinter,
  IconRouter,
  IconServer,
} from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { AssetClass, AssetStatus } from '../../../../src/modules/assets/classes.ts'
import type { Warning } from '../../../../src/modules/assets/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { parseDay } from '../audit/dayInput.ts'

const classIcons: Record<AssetClass, typeof IconServer> = {
  server: IconServer,
  workstation: IconDeviceDesktop,
  laptop: IconDeviceLaptop,
  network: IconRouter,
  ups: IconBatteryCharging,
  'backup-system': IconDatabase,
  printer: IconPrinter,
  other: IconBox,
}

export function ClassIcon({ cls, size = 18 }: { cls: AssetClass; size?: number }) {
  const Icon = classIcons[cls]
  return <Icon size={size} aria-hidden />
}

const statusColors: Record<AssetStatus, string> = { active: 'green', spare: 'blue', retired: 'gray' }

export function AssetStatusBadge({ status }: { status: AssetStatus }) {
  const { t } = useTranslation()
  return (
    <Badge color={statusColors[status]} variant="dot">
      {t(`assets.status.${status}`)}
    </Badge>
  )
}

/** A `YYYY-MM-DD` day as epoch ms at local noon, for the date formatter (noon: no time zone moves the day). */
export function dayMs(iso: string): number {
  const d = parseDay(iso)
  return d ? new Date(d.year, d.month - 1, d.day, 12).getTime() : Number.NaN
}

/** "Garantie verlopen", "Garantie loopt af", "Accu oud": red when overdue, orange when coming. */
export function WarningBadge({ warning }: { warning: Warning }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const color = warning.code === 'warranty_expiring' ? 'orange' : 'red'
  return (
    <Tooltip label={t(`assets.warnings.${warning.code}Hint`, { date: format.date(dayMs(warning.date)) })}>
      <Badge color={color} variant="light" leftSection={<IconAlertTriangle size={12} />}>
        {t(`assets.warnings.${warning.code}`)}
      </Badge>
    </Tooltip>
  )
}
