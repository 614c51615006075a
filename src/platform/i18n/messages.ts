// Server-side texts (mails). The web app has its own locale files under web/src/locales.
export const messages = {
  nl: {
    'mail.invite.subject': 'Uitnodiging voor het klantenportaal van {company}',
    'mail.invite.body':
      'Beste {name},\n\n{company} nodigt u uit voor het klantenportaal{customerPart}. Daar meldt u storingen, volgt u uw tickets en ziet u uw overzichten.\n\nKies uw wachtwoord via deze link (7 dagen geldig):\n{link}\n\nMet vriendelijke groet,\n{company}',
    'mail.invite.customerPart': ' namens {customer}',
    'mail.staffInvite.subject': 'Uw account bij {company}',
    'mail.staffInvite.body':
      'Beste {name},\n\nEr is een account voor u aangemaakt in sladesk van {company}.\n\nKies uw wachtwoord via deze link (7 dagen geldig):\n{link}\n\nMet vriendelijke groet,\n{company}',
  },
  en: {
    'mail.invite.subject': 'Invitation to the customer portal of {company}',
    'mail.invite.body':
      'Dear {name},\n\n{company} invites you to its customer portal{customerPart}. There you report problems, follow your tickets and see your reports.\n\nChoose your password with this link (valid for 7 days):\n{link}\n\nKind regards,\n{company}',
    'mail.invite.customerPart': ' on behalf of {customer}',
    'mail.staffInvite.subject': 'Your account at {company}',
    'mail.staffInvite.body':
      'Dear {name},\n\nAn account has been created for you in the sladesk of {company}.\n\nChoose your password with this link (valid for 7 days):\n{link}\n\nKind regards,\n{company}',
  },
} as const

export type Locale = keyof typeof messages
export type MessageKey = keyof (typeof messages)['nl']

export function t(locale: Locale, key: MessageKey, vars: Record<string, string> = {}): string {
  return messages[locale][key].replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m)
}
