import { Badge } from '@mantine/core'
import { IconBuilding, IconLock, IconUsers, IconWorld } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { DocStatus, DocVisibility } from './docForm.ts'

const visibilityColors: Record<DocVisibility, string> = {
  public: 'green',
  customers: 'blue',
  specific: 'violet',
  internal: 'gray',
}
const visibilityIcons: Record<DocVisibility, typeof IconWorld> = {
  public: IconWorld,
  customers: IconUsers,
  specific: IconBuilding,
  internal: IconLock,
}

/** Who may read a document: everyone, all customers, some customers, or the desk only. */
export function VisibilityBadge({ visibility }: { visibility: DocVisibility }) {
  const { t } = useTranslation()
  const Icon = visibilityIcons[visibility]
  return (
    <Badge color={visibilityColors[visibility]} variant="light" leftSection={<Icon size={12} />}>
      {t(`docs.visibility.${visibility}`)}
    </Badge>
  )
}

export function DocStatusBadge({ status }: { status: DocStatus }) {
  const { t } = useTranslation()
  return (
    <Badge color={status === 'published' ? 'teal' : 'yellow'} variant={status === 'published' ? 'light' : 'outline'}>
      {t(`docs.status.${status}`)}
    </Badge>
  )
}
