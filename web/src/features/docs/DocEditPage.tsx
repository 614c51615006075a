import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  CopyButton,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  TagsInput,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core'
import { getHotkeyHandler } from '@mantine/hooks'
import {
  IconArrowLeft,
  IconDeviceFloppy,
  IconExternalLink,
  IconHistory,
  IconPencil,
  IconPlus,
  IconRefresh,
} from '@tabler/icons-react'
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useBlocker, useLocation, useNavigate, useParams, useSearchParams } from 'react-router'
import { DOC_STATUSES, DOC_VISIBILITIES, type Doc } from '../../../../src/modules/docs/schema.ts'
import { ApiError, type FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { SuccessAlert } from '../../components/SuccessAlert.tsx'
import { DayField } from '../assets/DayField.tsx'
import { useMe } from '../auth/api.ts'
import { ReadOnlyFieldset } from '../sla/ReadOnlyFieldset.tsx'
import { useStaffUsers } from '../tickets/api.ts'
import {
  publicDocUrl,
  useCreateDoc,
  useDoc,
  useDocKinds,
  useKindName,
  useProducts,
  useReloadDoc,
  useUpdateDoc,
} from './api.ts'
import { CustomerMultiSelect } from './CustomerMultiSelect.tsx'
import { DocAttachmentsPanel } from './DocAttachmentsPanel.tsx'
import { DocStatusBadge, VisibilityBadge } from './DocBadges.tsx'
import { DocErrorAlert } from './DocErrorAlert.tsx'
import { insertMarkdown } from './docMarkdown.ts'
import {
  checkDocForm,
  docToForm,
  formToCreate,
  formToPatch,
  isDocFormDirty,
  newDocForm,
  type DocFormErrors,
  type DocFormValues,
} from './docForm.ts'
import { canWriteDocs } from './DocListPage.tsx'
import { DocPicker } from './DocPicker.tsx'
import { DocRevisions } from './DocRevisions.tsx'
import { KindModal } from './KindModal.tsx'
import { MarkdownEditor } from './MarkdownEditor.tsx'
import { ProductModal } from './ProductModal.tsx'

/** `/documents/new` and `/documents/:id`: a document's text with a live preview, its filing, files and history. */
export function DocEditPage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const me = useMe()
  const doc = useDoc(id)
  if (!me.data || (id !== '' && doc.isPending)) {
    return <PageLoader />
  }
  if (id !== '' && doc.isError) {
    const missing = doc.error instanceof ApiError && [400, 404].includes(doc.error.status)
    return (
      <Stack maw={1000}>
        <BackLink />
        {missing ? <Text>{t('docs.notFound')}</Text> : <DocErrorAlert error={doc.error} />}
      </Stack>
    )
  }
  return (
    <DocEditor
      key={doc.data?.id ?? 'new'}
      doc={doc.data ?? null}
      canWrite={canWriteDocs(me.data.role)}
      isAdmin={me.data.role === 'admin'}
    />
  )
}

function BackLink() {
  const { t } = useTranslation()
  return (
    <Anchor component={Link} to="/documents" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('docs.backToList')}
      </Group>
    </Anchor>
  )
}

/** A select with a small "add" button beside it, for lists that grow from the editor. */
function WithAdd({ children, label, onAdd }: { children: ReactNode; label: string | null; onAdd: () => void }) {
  if (label === null) {
    return children
  }
  return (
    // Its own height (not the grid row's), so that the button lines up with the field rather than the row's end.
    <Group gap={4} align="flex-end" wrap="nowrap" style={{ alignSelf: 'start' }}>
      <div style={{ flex: 1, minWidth: 0 }}>{children}</div>
      <Tooltip label={label}>
        <ActionIcon variant="default" size={36} onClick={onAdd} aria-label={label}>
          <IconPlus size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  )
}

interface DocEditorProps {
  /** null: a new document. */
  doc: Doc | null
  canWrite: boolean
  isAdmin: boolean
}

function DocEditor({ doc, canWrite, isAdmin }: DocEditorProps) {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  const navigate = useNavigate()
  const location = useLocation()
  const [params, setParams] = useSearchParams()
  const tab = doc && params.get('tab') === 'revisions' ? 'revisions' : 'edit'
  const kinds = useDocKinds()
  const kindName = useKindName()
  const products = useProducts()
  const staff = useStaffUsers()
  const create = useCreateDoc()
  const update = useUpdateDoc(doc?.id ?? '')
  const reload = useReloadDoc(doc?.id ?? '')
  const mutation = doc ? update : create

  const lang = i18n.language === 'en' ? 'en' : 'nl'
  const savedForm = useMemo(() => (doc ? docToForm(doc) : newDocForm(lang)), [doc, lang])
  const [form, setForm] = useState<DocFormValues>(savedForm)
  // The form follows the document when it becomes a new revision (saved, restored, reloaded).
  const [formRevision, setFormRevision] = useState(doc?.revision ?? 0)
  if (doc && doc.revision !== formRevision) {
    setFormRevision(doc.revision)
    setForm(docToForm(doc))
  }
  const [errors, setErrors] = useState<DocFormErrors>({})
  const [notice, setNotice] = useState<string | null>(
    (location.state as { created?: boolean } | null)?.created ? t('docs.created') : null,
  )
  const [addingKind, setAddingKind] = useState(false)
  const [addingProduct, setAddingProduct] = useState(false)
  // What was last typed in the product field and found nothing: the name a new product starts with (the field
  // itself empties its search when it loses focus to the add button).
  const [productTyped, setProductTyped] = useState('')
  const [reloading, setReloading] = useState(false)
  const textarea = useRef<HTMLTextAreaElement>(null)
  const caretPlaced = useRef(false)
  // Set just before leaving on purpose (after creating), so that the guard lets the navigation through.
  const leaving = useRef(false)

  const dirty = canWrite && isDocFormDirty(form, savedForm)
  const conflict = update.error instanceof ApiError && update.error.code === 'doc_changed'
  const serverErrors: FieldErrors = {
    ...fieldErrorsOf(mutation.error, t),
    // The server names no field for a taken address; the field is where to change it.
    ...(mutation.error instanceof ApiError &&
      mutation.error.code === 'slug_taken' && { slug: t('docs.errors.slug_taken') }),
  }

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname,
  )
  useEffect(() => {
    if (!dirty) {
      return
    }
    // Closing the tab or reloading with unsaved text asks first.
    const warn = (e: BeforeUnloadEvent) => e.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty])

  const set = <K extends keyof DocFormValues>(key: K, value: DocFormValues[K]) => {
    setForm((f) => ({ ...f, [key]: value }))
    setErrors((e) => ({ ...e, [key]: undefined }))
  }

  function errorText(key: keyof DocFormValues): string | undefined {
    const code = errors[key]
    return code ? t(`docs.formErrors.${code}`) : serverErrors[key]
  }

  function save() {
    if (!canWrite || mutation.isPending) {
      return
    }
    setNotice(null)
    const found = checkDocForm(form, doc === null)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      return
    }
    if (!doc) {
      create.mutate(formToCreate(form), {
        onSuccess: (created) => {
          leaving.current = true
          void navigate(`/documents/${created.id}`, { replace: true, state: { created: true } })
        },
      })
      return
    }
    const patch = formToPatch(form, doc)
    if (!patch) {
      setNotice(t('docs.nothingChanged'))
      return
    }
    update.mutate(patch, {
      onSuccess: (saved) => setNotice(t('docs.saved', { n: saved.revision })),
    })
  }

  async function loadNewest() {
    setReloading(true)
    try {
      const newest = await reload()
      update.reset()
      // The same revision number twice cannot happen here: the conflict means the server has a newer one.
      setFormRevision(newest.revision)
      setForm(docToForm(newest))
      setNotice(t('docs.reloaded', { n: newest.revision }))
    } finally {
      setReloading(false)
    }
  }

  function insertAtCursor(markdown: string) {
    const el = textarea.current
    // Where the author last had the caret; before they ever clicked in the text, at its end.
    const start = el && caretPlaced.current ? el.selectionStart : form.body.length
    const end = el && caretPlaced.current ? el.selectionEnd : start
    const inserted = insertMarkdown(form.body, start, end, markdown)
    set('body', inserted.body)
    caretPlaced.current = true
    requestAnimationFrame(() => {
      el?.focus()
      el?.setSelectionRange(inserted.caret, inserted.caret)
    })
  }

  const kindOptions = (kinds.data ?? []).map((k) => ({ value: k.key, label: kindName(k.key) }))
  if (form.kind && !kindOptions.some((o) => o.value === form.kind)) {
    kindOptions.push({ value: form.kind, label: form.kind })
  }
  const productOptions = (products.data ?? []).map((p) => ({
    value: p.id,
    label: p.vendor && !p.name.includes(p.vendor) ? `${p.name} (${p.vendor})` : p.name,
  }))
  const ownerOptions = (staff.data ?? []).map((u) => ({ value: u.id, label: u.name }))
  if (form.ownerId && !ownerOptions.some((o) => o.value === form.ownerId)) {
    // An owner who has left stays visible until someone else is chosen.
    ownerOptions.unshift({ value: form.ownerId, label: t('docs.formerOwner') })
  }

  const properties = (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>{t('docs.properties')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" verticalSpacing="sm">
          <WithAdd label={isAdmin ? t('docs.kinds.title') : null} onAdd={() => setAddingKind(true)}>
            <Select
              label={t('docs.fields.kind')}
              data={kindOptions}
              value={form.kind}
              onChange={(v) => v && set('kind', v)}
              allowDeselect={false}
              required
              error={errorText('kind')}
            />
          </WithAdd>
          <Select
            label={t('docs.fields.language')}
            data={(['nl', 'en'] as const).map((l) => ({ value: l, label: t(`language.${l}`) }))}
            value={form.language}
            onChange={(v) => (v === 'nl' || v === 'en') && set('language', v)}
            allowDeselect={false}
            required
          />
          <Select
            label={t('docs.fields.visibility')}
            data={DOC_VISIBILITIES.map((v) => ({ value: v, label: t(`docs.visibility.${v}`) }))}
            value={form.visibility}
            onChange={(v) => {
              const visibility = DOC_VISIBILITIES.find((x) => x === v)
              if (visibility) {
                set('visibility', visibility)
              }
            }}
            description={t(`docs.visibilityHint.${form.visibility}`)}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            allowDeselect={false}
            required
          />
          <Select
            label={t('docs.fields.status')}
            data={DOC_STATUSES.map((s) => ({ value: s, label: t(`docs.status.${s}`) }))}
            value={form.status}
            onChange={(v) => {
              const status = DOC_STATUSES.find((x) => x === v)
              if (status) {
                set('status', status)
              }
            }}
            description={t(`docs.statusHint.${form.status}`)}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            allowDeselect={false}
            required
          />
        </SimpleGrid>
        {form.visibility === 'specific' && (
          <CustomerMultiSelect
            label={t('docs.fields.customers')}
            description={t('docs.customersHint')}
            value={form.customerIds}
            onChange={(ids) => set('customerIds', ids)}
            error={errorText('customerIds')}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" verticalSpacing="sm">
          <WithAdd
            label={canWrite ? t('docs.products.title') : null}
            onAdd={() => {
              setAddingProduct(true)
            }}
          >
            <Select
              label={t('docs.fields.product')}
              placeholder={t('docs.noProduct')}
              data={productOptions}
              value={form.productId}
              onChange={(v) => set('productId', v)}
              onSearchChange={(text) => {
                const typed = text.trim()
                if (typed !== '' && !productOptions.some((o) => o.label === text)) {
                  setProductTyped(typed)
                }
              }}
              searchable
              clearable={canWrite}
              nothingFoundMessage={t('docs.products.notFound')}
              error={errorText('productId')}
            />
          </WithAdd>
          <TextInput
            label={t('docs.fields.category')}
            placeholder={t('docs.categoryPlaceholder')}
            value={form.category}
            onChange={(e) => set('category', e.currentTarget.value)}
            error={errorText('category')}
          />
          <TagsInput
            label={t('docs.fields.tags')}
            placeholder={form.tags.length === 0 ? t('docs.tagsPlaceholder') : undefined}
            value={form.tags}
            onChange={(tags) => set('tags', tags)}
            maxTags={30}
            clearable={canWrite}
            error={errorText('tags')}
          />
          <Select
            label={t('docs.fields.owner')}
            placeholder={t('docs.noOwner')}
            data={ownerOptions}
            value={form.ownerId}
            onChange={(v) => set('ownerId', v)}
            searchable
            clearable={canWrite}
            nothingFoundMessage={staff.isPending ? t('common.loading') : t('common.nothingFound')}
            error={errorText('ownerId')}
          />
          <DayField
            label={t('docs.fields.reviewedOn')}
            value={form.reviewedOn}
            onChange={(v) => set('reviewedOn', v)}
            error={errorText('reviewedOn')}
          />
          <DayField
            label={t('docs.fields.reviewDue')}
            description={t('docs.reviewDueHint')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            value={form.reviewDue}
            onChange={(v) => set('reviewDue', v)}
            error={errorText('reviewDue')}
          />
          {doc ? (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('docs.translations')}
              </Text>
              {doc.translations.filter((tr) => tr.id !== doc.id).length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('docs.noTranslations')}
                </Text>
              ) : (
                doc.translations
                  .filter((tr) => tr.id !== doc.id)
                  .map((tr) => (
                    <Anchor key={tr.id} component={Link} to={`/documents/${tr.id}`} size="sm">
                      {tr.title} ({tr.language.toUpperCase()})
                    </Anchor>
                  ))
              )}
            </Stack>
          ) : (
            <DocPicker
              label={t('docs.fields.translationOf')}
              value={form.translationOf}
              onChange={(v) => set('translationOf', v)}
            />
          )}
          <TextInput
            label={t('docs.fields.slug')}
            description={doc ? t('docs.slugHint') : t('docs.slugHintNew')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            leftSection={
              <Text size="sm" c="dimmed">
                /docs/
              </Text>
            }
            leftSectionWidth={52}
            placeholder={doc ? undefined : t('docs.slugPlaceholder')}
            value={form.slug}
            onChange={(e) => set('slug', e.currentTarget.value)}
            error={errorText('slug')}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
        </SimpleGrid>
      </Stack>
    </Card>
  )

  const editTab = (
    <Stack>
      <ReadOnlyFieldset readOnly={!canWrite}>
        <TextInput
          label={t('docs.fields.title')}
          value={form.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          required
          size="md"
          error={errorText('title')}
          autoFocus={doc === null}
        />
      </ReadOnlyFieldset>
      {/* Outside the read-only fieldset: who may only read still chooses how to see text and preview. */}
      <MarkdownEditor
        value={form.body}
        onChange={(v) => set('body', v)}
        docId={doc?.id ?? null}
        canWrite={canWrite}
        savedHtml={doc?.html ?? null}
        error={errorText('body')}
        textareaRef={textarea}
        onFocus={() => {
          caretPlaced.current = true
        }}
      />
      <ReadOnlyFieldset readOnly={!canWrite}>{properties}</ReadOnlyFieldset>
      <Card withBorder>
        <Stack gap="sm">
          <Title order={4}>{t('docs.attachments.title')}</Title>
          {doc ? (
            <DocAttachmentsPanel
              docId={doc.id}
              attachments={doc.attachments}
              canWrite={canWrite}
              onInsert={insertAtCursor}
            />
          ) : (
            <Text size="sm" c="dimmed">
              {t('docs.attachments.saveFirst')}
            </Text>
          )}
        </Stack>
      </Card>
    </Stack>
  )

  return (
    // No <form>: Enter in a field must not save (every save is a revision); Ctrl+S or the button do.
    <>
      <Stack onKeyDown={getHotkeyHandler([['mod+s', save]])}>
        <BackLink />
        <Group justify="space-between" align="flex-start">
          <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
            <Title order={2} lineClamp={2}>
              {doc ? doc.title : t('docs.new')}
            </Title>
            {doc && (
              <Group gap="xs">
                <DocStatusBadge status={doc.status} />
                <VisibilityBadge visibility={doc.visibility} />
                <Text size="sm" c="dimmed">
                  {t('docs.revisionInfo', { n: doc.revision, date: format.dateTime(doc.updatedAt) })}
                </Text>
              </Group>
            )}
          </Stack>
          <Group gap="xs">
            {doc && (
              <Button
                component="a"
                href={publicDocUrl(doc.slug)}
                target="_blank"
                rel="noopener"
                variant="default"
                leftSection={<IconExternalLink size={16} />}
              >
                {t('docs.viewOnSite')}
              </Button>
            )}
            {canWrite && (
              <Button
                onClick={save}
                leftSection={<IconDeviceFloppy size={16} />}
                loading={mutation.isPending}
                disabled={doc !== null && !dirty}
              >
                {t('docs.save')}
              </Button>
            )}
          </Group>
        </Group>
        <SuccessAlert message={notice} onClose={() => setNotice(null)} />
        {conflict ? (
          <Alert color="orange" title={t('docs.conflict.title')} role="alert">
            <Stack gap="xs">
              <Text size="sm">{t('docs.conflict.text')}</Text>
              <Group gap="xs">
                <CopyButton value={form.body}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="default" onClick={copy}>
                      {copied ? t('common.copied') : t('docs.conflict.copy')}
                    </Button>
                  )}
                </CopyButton>
                <Button
                  size="xs"
                  color="orange"
                  leftSection={<IconRefresh size={14} />}
                  loading={reloading}
                  onClick={() => void loadNewest()}
                >
                  {t('docs.conflict.reload')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <DocErrorAlert error={mutation.error} />
        )}
        {doc ? (
          <Tabs
            value={tab}
            onChange={(v) =>
              setParams(
                (prev) => {
                  const next = new URLSearchParams(prev)
                  if (v === 'revisions') {
                    next.set('tab', 'revisions')
                  } else {
                    next.delete('tab')
                  }
                  return next
                },
                { replace: true },
              )
            }
          >
            <Tabs.List>
              <Tabs.Tab value="edit" leftSection={<IconPencil size={16} />}>
                {t('docs.tabs.edit')}
              </Tabs.Tab>
              <Tabs.Tab value="revisions" leftSection={<IconHistory size={16} />}>
                {t('docs.tabs.revisions')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="edit" pt="md">
              {editTab}
            </Tabs.Panel>
            <Tabs.Panel value="revisions" pt="md">
              {tab === 'revisions' && (
                <DocRevisions
                  doc={doc}
                  canWrite={canWrite}
                  dirty={dirty}
                  onRestored={(restored, from) =>
                    setNotice(t('docs.revisions.restored', { from, n: restored.revision }))
                  }
                />
              )}
            </Tabs.Panel>
          </Tabs>
        ) : (
          editTab
        )}
      </Stack>
      <KindModal
        opened={addingKind}
        onClose={() => setAddingKind(false)}
        onCreated={(kind) => {
          setAddingKind(false)
          set('kind', kind.key)
        }}
      />
      <ProductModal
        opened={addingProduct}
        initialName={productTyped}
        onClose={() => setAddingProduct(false)}
        onCreated={(product) => {
          setAddingProduct(false)
          set('productId', product.id)
        }}
      />
      <ConfirmDialog
        opened={blocker.state === 'blocked'}
        title={t('docs.leave.title')}
        message={t('docs.leave.text')}
        confirmLabel={t('docs.leave.confirm')}
        danger
        onCancel={() => blocker.reset?.()}
        onConfirm={() => blocker.proceed?.()}
      />
    </>
  )
}
