import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useReviewDay } from './api.ts'

export interface ReviewTarget {
  customerId: string
  customerName: string
  day: string
  dayLabel: string
}

/** Marks one customer's day as read, with optional remarks (what was seen, what was done about it). */
export function ReviewModal({ target, onClose }: { target: ReviewTarget | null; onClose: () => void }) {
  const { t } = useTranslation()
  return (
    <Modal opened={target !== null} onClose={onClose} title={t('monitoring.review.title')} centered>
      {target && <ReviewForm key={`${target.customerId}:${target.day}`} target={target} onDone={onClose} />}
    </Modal>
  )
}

function ReviewForm({ target, onDone }: { target: ReviewTarget; onDone: () => void }) {
  const { t } = useTranslation()
  const review = useReviewDay()
  const [remarks, setRemarks] = useState('')
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        review.mutate(
          { customerId: target.customerId, day: target.day, remarks: remarks.trim() || null },
          { onSuccess: onDone },
        )
      }}
    >
      <Stack>
        <Text size="sm">{t('monitoring.review.intro', { name: target.customerName, day: target.dayLabel })}</Text>
        <Textarea
          label={t('monitoring.review.remarks')}
          description={t('monitoring.review.remarksHint')}
          autosize
          minRows={2}
          maxLength={5000}
          value={remarks}
          onChange={(e) => setRemarks(e.currentTarget.value)}
          data-autofocus
        />
        <ErrorAlert error={review.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={review.isPending}>
            {t('monitoring.review.mark')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
