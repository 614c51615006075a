import { Badge, Button, Card, EmptyState, Group, Stack, Switch, Tabs, Title, Tooltip } from '@mantine/core'
import { IconArchive, IconArrowBackUp, IconFileTypePdf, IconPencil, IconUserPlus, IconUsers } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import type { Contact } from '../../../../src/modules/customers/schema.ts'
import { ApiError } from '../../app/apiClient.ts'
import { NotFoundPage } from '../../app/NotFoundPage.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { SuccessAlert } from '../../components/SuccessAlert.tsx'
import { InfrastructureSection } from '../assets/InfrastructureSection.tsx'
import { useMe } from '../auth/api.ts'
import { overviewPdfUrl } from '../contracts/api.ts'
import { CustomerContractTab } from '../contracts/CustomerContractTab.tsx'
import { CustomerMonitoringTab } from '../monitoring/CustomerMonitoringTab.tsx'
import {
  useArchiveCustomer,
  useContacts,
  useCustomer,
  useInviteContact,
  useUpdateContact,
  useUpdateCustomer,
} from './api.ts'
import { ContactFormModal } from './ContactFormModal.tsx'
import { ContactsTable, type ContactAction } from './ContactsTable.tsx'
import { CustomerDetails } from './CustomerDetails.tsx'
import { CustomerFormModal } from './CustomerFormModal.tsx'
import { CustomerNotFound } from './CustomerNotFound.tsx'
import { CustomerSlaSection } from './CustomerSlaSection.tsx'

/** 404, or 400 for an address that holds no valid id at all: either way there is no such customer to show. */
function isNotFound(error: unknown): boolean {
  return (
    error instanceof ApiError && (error.status === 404 || (error.status === 400 && error.code === 'validation_failed'))
  )
}

const tabs = ['overview', 'infrastructure', 'contract', 'monitoring'] as const
type CustomerTab = (typeof tabs)[number]
const tabOf = (param: string | undefined): CustomerTab | null =>
  param === undefined
    ? 'overview'
    : param !== 'overview' && tabs.some((x) => x === param)
      ? (param as CustomerTab)
      : null

/**
 * One customer with its contacts, infrastructure, contract and monthly cost, and its backups and UPSes, each on a tab
 * with its own address.
 * Staff manage it here; a portal contact sees its own organisation read-only.
 */
export function CustomerPage() {
  const { t, i18n } = useTranslation()
  const { id = '', tab: tabParam } = useParams()
  const tab = tabOf(tabParam)
  const navigate = useNavigate()
  const me = useMe()
  const canEdit = me.data?.kind === 'staff'
  // Technicians and admins keep the infrastructure; admins and billing staff the contracts (money).
  const canEditAssets = canEdit && (me.data?.role === 'admin' || me.data?.role === 'technician')
  const canEditContracts = canEdit && (me.data?.role === 'admin' || me.data?.role === 'billing')
  const customer = useCustomer(id)
  const contacts = useContacts(id, canEdit)
  const archiveCustomer = useArchiveCustomer(id)
  const updateCustomer = useUpdateCustomer(id)
  const updateContact = useUpdateContact(id)
  const inviteContact = useInviteContact(id)

  const [editing, setEditing] = useState(false)
  const [confirmArchive, setConfirmArchive] = useState(false)
  const [contactForm, setContactForm] = useState<{ contact: Contact | null } | null>(null)
  const [archivingContact, setArchivingContact] = useState<Contact | null>(null)
  const [showArchivedContacts, setShowArchivedContacts] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)

  if (customer.isPending || !me.data) {
    return <PageLoader />
  }
  if (customer.isError && isNotFound(customer.error)) {
    return <CustomerNotFound me={me.data} />
  }
  if (customer.isError) {
    return <ErrorAlert error={customer.error} />
  }
  if (tab === null) {
    return <NotFoundPage />
  }
  const c = customer.data
  const archived = c.archivedAt !== null
  const allContacts = contacts.data?.items ?? []
  const shownContacts = showArchivedContacts ? allContacts : allContacts.filter((x) => x.archivedAt === null)
  const hasArchivedContacts = allContacts.some((x) => x.archivedAt !== null)
  const contactError = updateContact.error ?? inviteContact.error
  const busyContactId =
    (updateContact.isPending && updateContact.variables.id) ||
    (inviteContact.isPending && inviteContact.variables) ||
    null

  function onContactAction(action: ContactAction, contact: Contact) {
    setNotice(null)
    switch (action) {
      case 'edit':
        setContactForm({ contact })
        break
      case 'archive':
        setArchivingContact(contact)
        break
      case 'makeKey':
        updateContact.mutate(
          { id: contact.id, patch: { keyContact: true } },
          { onSuccess: () => setNotice(t('common.saved')) },
        )
        break
      case 'restore':
        updateContact.mutate(
          { id: contact.id, patch: { archived: false } },
          { onSuccess: () => setNotice(t('contacts.restored')) },
        )
        break
      case 'invite':
        inviteContact.mutate(contact.id, { onSuccess: () => setNotice(t('contacts.invited')) })
        break
    }
  }

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Group gap="sm">
          <Title order={2}>{c.name}</Title>
          {archived && (
            <Badge color="gray" variant="light">
              {t('common.archived')}
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          <Tooltip label={t('customerTabs.overviewPdfHint')}>
            <Button
              component="a"
              href={overviewPdfUrl(id, i18n.language)}
              variant="default"
              leftSection={<IconFileTypePdf size={16} />}
            >
              {t('customerTabs.overviewPdf')}
            </Button>
          </Tooltip>
          {canEdit && (
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
          )}
          {canEdit &&
            (archived ? (
              <Button
                variant="default"
                leftSection={<IconArrowBackUp size={16} />}
                loading={updateCustomer.isPending}
                onClick={() =>
                  updateCustomer.mutate({ archived: false }, { onSuccess: () => setNotice(t('customers.restored')) })
                }
              >
                {t('customers.restore')}
              </Button>
            ) : (
              <Button
                variant="default"
                color="red"
                leftSection={<IconArchive size={16} />}
                onClick={() => setConfirmArchive(true)}
              >
                {t('customers.archive')}
              </Button>
            ))}
        </Group>
      </Group>
      <SuccessAlert message={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={updateCustomer.error} />
      <Tabs
        value={tab}
        onChange={(next) =>
          next && void navigate(next === 'overview' ? `/customers/${id}` : `/customers/${id}/${next}`)
        }
      >
        <Tabs.List>
          {tabs.map((key) => (
            <Tabs.Tab key={key} value={key}>
              {t(`customerTabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="infrastructure" pt="md">
          {tab === 'infrastructure' && (
            <InfrastructureSection customerId={id} canEdit={canEditAssets} staff={canEdit} archived={archived} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="contract" pt="md">
          {tab === 'contract' && (
            <CustomerContractTab customerId={id} staff={canEdit} canEdit={canEditContracts && !archived} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="monitoring" pt="md">
          {tab === 'monitoring' && <CustomerMonitoringTab customerId={id} staff={canEdit} canWrite={canEditAssets} />}
        </Tabs.Panel>
      </Tabs>
      {tab === 'overview' && (
        <>
          <Card withBorder>
            <CustomerDetails customer={c} internal={canEdit} />
          </Card>

          <Group justify="space-between" mt="md">
            <Title order={3}>{t('contacts.title')}</Title>
            <Group>
              {canEdit && hasArchivedContacts && (
                <Switch
                  label={t('contacts.showArchived')}
                  checked={showArchivedContacts}
                  onChange={(e) => setShowArchivedContacts(e.currentTarget.checked)}
                />
              )}
              {canEdit && !archived && (
                <Button leftSection={<IconUserPlus size={16} />} onClick={() => setContactForm({ contact: null })}>
                  {t('contacts.add')}
                </Button>
              )}
            </Group>
          </Group>
          <ErrorAlert error={contactError} />
          <ErrorAlert error={contacts.error} />
          {contacts.isPending ? (
            <PageLoader />
          ) : shownContacts.length === 0 ? (
            <EmptyState icon={<IconUsers size={32} />} title={t('contacts.empty')} />
          ) : (
            <ContactsTable
              contacts={shownContacts}
              showPortal={canEdit}
              onAction={canEdit ? onContactAction : undefined}
              busyContactId={busyContactId}
            />
          )}
        </>
      )}

      {tab === 'overview' && canEdit && <CustomerSlaSection customerId={id} isAdmin={me.data.role === 'admin'} />}

      {canEdit && (
        <>
          <CustomerFormModal
            opened={editing}
            customer={c}
            onClose={() => setEditing(false)}
            onSaved={() => {
              setEditing(false)
              setNotice(t('common.saved'))
            }}
          />
          <ConfirmDialog
            opened={confirmArchive}
            title={t('customers.archiveTitle')}
            message={t('customers.archiveConfirm', { name: c.name })}
            confirmLabel={t('customers.archive')}
            danger
            loading={archiveCustomer.isPending}
            error={<ErrorAlert error={archiveCustomer.error} />}
            onCancel={() => setConfirmArchive(false)}
            onConfirm={() =>
              archiveCustomer.mutate(undefined, {
                onSuccess: () => {
                  setConfirmArchive(false)
                  setNotice(t('customers.archived'))
                },
              })
            }
          />
          <ContactFormModal
            opened={contactForm !== null}
            customerId={id}
            contact={contactForm?.contact ?? null}
            onClose={() => setContactForm(null)}
            onSaved={() => {
              setNotice(contactForm?.contact ? t('common.saved') : t('contacts.added'))
              setContactForm(null)
            }}
          />
          <ConfirmDialog
            opened={archivingContact !== null}
            title={t('contacts.archiveTitle')}
            message={t('contacts.archiveConfirm', { name: archivingContact?.name ?? '' })}
            confirmLabel={t('contacts.actions.archive')}
            danger
            loading={updateContact.isPending}
            onCancel={() => setArchivingContact(null)}
            onConfirm={() =>
              archivingContact &&
              updateContact.mutate(
                { id: archivingContact.id, patch: { archived: true } },
                {
                  onSuccess: () => {
                    setArchivingContact(null)
                    setNotice(t('contacts.archived'))
                  },
                },
              )
            }
          />
        </>
      )}
    </Stack>
  )
}
