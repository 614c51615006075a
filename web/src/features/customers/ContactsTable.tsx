import { Badge, Button, Group, Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Contact } from '../../../../src/modules/customers/schema.ts'

const portalColors: Record<Contact['portal'], string> = {
  none: 'gray',
  invited: 'yellow',
  active: 'green',
  disabled: 'red',
}

export type ContactAction = 'makeKey' | 'edit' | 'invite' | 'archive' | 'restore'

interface ContactsTableProps {
  contacts: Contact[]
  /** Without it the table is read-only, as portal contacts see it. */
  onAction?: (action: ContactAction, contact: Contact) => void
  busyContactId?: string | null
}

function actionsFor(contact: Contact): ContactAction[] {
  if (contact.archivedAt !== null) {
    return ['restore']
  }
  const actions: ContactAction[] = []
  if (!contact.keyContact) {
    actions.push('makeKey')
  }
  actions.push('edit')
  if (contact.portal === 'none' || contact.portal === 'invited') {
    actions.push('invite')
  }
  actions.push('archive')
  return actions
}

export function ContactsTable({ contacts, onAction, busyContactId }: ContactsTableProps) {
  const { t } = useTranslation()
  const label = (action: ContactAction, contact: Contact) =>
    action === 'invite' && contact.portal === 'invited' ? t('contacts.reinvite') : t(`contacts.actions.${action}`)

  return (
    <Table.ScrollContainer minWidth={700}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('contacts.name')}</Table.Th>
            <Table.Th>{t('contacts.email')}</Table.Th>
            <Table.Th>{t('contacts.phone')}</Table.Th>
            <Table.Th>{t('contacts.portalColumn')}</Table.Th>
            {onAction && <Table.Th>{t('common.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {contacts.map((c) => (
            <Table.Tr key={c.id} opacity={c.archivedAt !== null ? 0.6 : 1}>
              <Table.Td>
                <Group gap="xs">
                  <Text size="sm">{c.name}</Text>
                  {c.keyContact && <Badge variant="light">{t('contacts.keyContact')}</Badge>}
                  {c.archivedAt !== null && (
                    <Badge color="gray" variant="light">
                      {t('common.archived')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{c.email}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{c.phone ?? ''}</Table.Td>
              <Table.Td>
                <Badge color={portalColors[c.portal]} variant="dot">
                  {t(`contacts.portal.${c.portal}`)}
                </Badge>
              </Table.Td>
              {onAction && (
                <Table.Td>
                  <Group gap={4}>
                    {actionsFor(c).map((action) => (
                      <Button
                        key={action}
                        size="compact-xs"
                        variant="subtle"
                        color={action === 'archive' ? 'red' : undefined}
                        disabled={busyContactId === c.id}
                        onClick={() => onAction(action, c)}
                      >
                        {label(action, c)}
                      </Button>
                    ))}
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
