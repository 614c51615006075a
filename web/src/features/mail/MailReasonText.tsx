import { Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { InboundMailView } from '../../../../src/modules/mailin/schema.ts'
import { mailReason } from './mailReason.ts'

/** Why the mail is where it is, in plain words; `short` for the list, the full explanation for the drawer. */
export function MailReasonText({ mail, short = false }: { mail: InboundMailView; short?: boolean }) {
  const { t } = useTranslation()
  const reason = mailReason(mail)
  if (!reason) {
    return null
  }
  if (reason.key === null) {
    return <Text size="sm">{reason.detail}</Text>
  }
  const vars = { who: reason.who ?? '', detail: reason.detail ?? '' }
  return (
    <Text size="sm" c={reason.key === 'failed' ? 'red.8' : undefined} lineClamp={short ? 2 : undefined}>
      {short ? t(`mail.reasonsShort.${reason.key}`, vars) : t(`mail.reasons.${reason.key}`, vars)}
    </Text>
  )
}
