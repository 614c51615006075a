import { ActionIcon, Badge, Button, Group, Menu, Table, Text } from '@mantine/core'
import { IconDots } from '@tabler/icons-react'
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
  /** The portal status is for the MSP's staff; a contact does not see it of its colleagues. */
  showPortal: boolean
  /** Without it the table is read-only, as portal contacts see it. */
  onAction?: (action: ContactAction, contact: Contact) => void
  busyContactId?: string | null
}

/** The one action shown as a button; the others are in the row's menu. */
function actionsFor(contact: Contact): { main: ContactAction; more: ContactAction[] } {
  if (contact.archivedAt !== null) {
    return { main: 'restore', more: [] }
  }
  const more: ContactAction[] = []
  if (!contact.keyContact) {
    more.push('makeKey')
  }
  if (contact.portal === 'none' || contact.portal === 'invited') {
    more.push('invite')
  }
  more.push('archive')
  return { main: 'edit', more }
}

export function ContactsTable({ contacts, showPortal, onAction, busyContactId }: ContactsTableProps) {
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
            {showPortal && <Table.Th>{t('contacts.portalColumn')}</Table.Th>}
            {onAction && <Table.Th>{t('common.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {contacts.map((c) => {
            const { main, more } = actionsFor(c)
            const busy = busyContactId === c.id
            return (
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
                {showPortal && (
                  <Table.Td>
                    <Badge color={portalColors[c.portal]} variant="dot">
                      {t(`contacts.portal.${c.portal}`)}
                    </Badge>
                  </Table.Td>
                )}
                {onAction && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" variant="subtle" disabled={busy} onClick={() => onAction(main, c)}>
                        {label(main, c)}
                      </Button>
                      {more.length > 0 && (
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              size="sm"
                              disabled={busy}
                              aria-label={t('contacts.moreActions', { name: c.name })}
                            >
                              <IconDots size={16} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            {more.map((action) => (
                              <Menu.Item
                                key={action}
                                color={action === 'archive' ? 'red' : undefined}
                                onClick={() => onAction(action, c)}
                              >
                                {label(action, c)}
                              </Menu.Item>
                            ))}
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
