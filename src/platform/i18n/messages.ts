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
    'mail.ticket.received.subject': '[#{number}] Uw melding is ontvangen: {title}',
    'mail.ticket.received.body':
      'Beste {name},\n\nWe hebben uw melding ontvangen en geregistreerd onder nummer {number}.\n\nPrioriteit: {priority}\n{responsePart}\nU volgt de melding in het klantenportaal:\n{link}\n\nWilt u iets toevoegen? Beantwoord dan deze e-mail.\n\nMet vriendelijke groet,\n{company}',
    'mail.ticket.responsePart': 'U krijgt uiterlijk {due} een reactie.\n',
    'mail.ticket.reply.subject': 'Re: [#{number}] {title}',
    'mail.ticket.reply.body':
      '{body}\n\n{author}\n{company}\n\n--\nMelding {number}: {link}\nBeantwoord deze e-mail om te reageren.',
    'mail.ticket.status.subject': '[#{number}] {status}: {title}',
    'mail.ticket.status.body':
      'Beste {name},\n\nUw melding {number} ("{title}") is nu: {status}.\n\n{link}\n\nMet vriendelijke groet,\n{company}',
    'mail.staff.new.subject': '[#{number}] Nieuwe melding {priority} van {customer}: {title}',
    'mail.staff.new.body': '{customer} meldt ({priority}):\n\n{title}\n\n{description}\n\n{responsePart}{link}',
    'mail.staff.responsePart': 'Eerste reactie uiterlijk {due}.\n\n',
    'mail.staff.reply.subject': '[#{number}] Reactie van {customer}: {title}',
    'mail.staff.reply.body': '{author} schrijft:\n\n{body}\n\n{link}',
    'mail.staff.sla.subject': '[#{number}] {state}: {clock} voor {customer}: {title}',
    'mail.staff.sla.body':
      'Melding {number} van {customer} ({priority}): de {clock} {stateText} {due}.\n\nToegewezen aan: {assignee}\n\n{link}',
    'sla.state.warning': 'SLA-waarschuwing',
    'sla.state.breached': 'SLA overschreden',
    'sla.stateText.warning': 'moet er uiterlijk zijn op',
    'sla.stateText.breached': 'is te laat sinds',
    'sla.clock.firstResponse': 'eerste reactie',
    'sla.clock.update': 'tussentijdse update',
    'sla.clock.resolution': 'oplossing',
    'ticket.nobody': 'niemand',
    'ticket.status.new': 'Nieuw',
    'ticket.status.open': 'In behandeling',
    'ticket.status.waiting-customer': 'Wacht op uw reactie',
    'ticket.status.waiting-vendor': 'Wacht op leverancier',
    'ticket.status.resolved': 'Opgelost',
    'ticket.status.closed': 'Gesloten',
    'ticket.priority.P1': 'P1 (calamiteit)',
    'ticket.priority.P2': 'P2 (hoog)',
    'ticket.priority.P3': 'P3 (normaal)',
    'ticket.priority.P4': 'P4 (laag)',
    'ticket.priority.P5': 'P5 (gepland)',
  },
  en: {
    'mail.invite.subject': 'Invitation to the customer portal of {company}',
    'mail.invite.body':
      'Dear {name},\n\n{company} invites you to its customer portal{customerPart}. There you report problems, follow your tickets and see your reports.\n\nChoose your password with this link (valid for 7 days):\n{link}\n\nKind regards,\n{company}',
    'mail.invite.customerPart': ' on behalf of {customer}',
    'mail.staffInvite.subject': 'Your account at {company}',
    'mail.staffInvite.body':
      'Dear {name},\n\nAn account has been created for you in the sladesk of {company}.\n\nChoose your password with this link (valid for 7 days):\n{link}\n\nKind regards,\n{company}',
    'mail.ticket.received.subject': '[#{number}] We received your report: {title}',
    'mail.ticket.received.body':
      'Dear {name},\n\nWe received your report and registered it as number {number}.\n\nPriority: {priority}\n{responsePart}\nFollow it in the customer portal:\n{link}\n\nTo add something, simply reply to this e-mail.\n\nKind regards,\n{company}',
    'mail.ticket.responsePart': 'You will hear from us by {due} at the latest.\n',
    'mail.ticket.reply.subject': 'Re: [#{number}] {title}',
    'mail.ticket.reply.body':
      '{body}\n\n{author}\n{company}\n\n--\nTicket {number}: {link}\nReply to this e-mail to answer.',
    'mail.ticket.status.subject': '[#{number}] {status}: {title}',
    'mail.ticket.status.body':
      'Dear {name},\n\nYour ticket {number} ("{title}") is now: {status}.\n\n{link}\n\nKind regards,\n{company}',
    'mail.staff.new.subject': '[#{number}] New {priority} ticket from {customer}: {title}',
    'mail.staff.new.body': '{customer} reports ({priority}):\n\n{title}\n\n{description}\n\n{responsePart}{link}',
    'mail.staff.responsePart': 'First response due by {due}.\n\n',
    'mail.staff.reply.subject': '[#{number}] Reply from {customer}: {title}',
    'mail.staff.reply.body': '{author} writes:\n\n{body}\n\n{link}',
    'mail.staff.sla.subject': '[#{number}] {state}: {clock} for {customer}: {title}',
    'mail.staff.sla.body':
      'Ticket {number} of {customer} ({priority}): the {clock} {stateText} {due}.\n\nAssigned to: {assignee}\n\n{link}',
    'sla.state.warning': 'SLA warning',
    'sla.state.breached': 'SLA breached',
    'sla.stateText.warning': 'is due by',
    'sla.stateText.breached': 'has been overdue since',
    'sla.clock.firstResponse': 'first response',
    'sla.clock.update': 'update',
    'sla.clock.resolution': 'resolution',
    'ticket.nobody': 'nobody',
    'ticket.status.new': 'New',
    'ticket.status.open': 'In progress',
    'ticket.status.waiting-customer': 'Waiting for your reply',
    'ticket.status.waiting-vendor': 'Waiting for a vendor',
    'ticket.status.resolved': 'Resolved',
    'ticket.status.closed': 'Closed',
    'ticket.priority.P1': 'P1 (calamity)',
    'ticket.priority.P2': 'P2 (high)',
    'ticket.priority.P3': 'P3 (normal)',
    'ticket.priority.P4': 'P4 (low)',
    'ticket.priority.P5': 'P5 (planned)',
  },
} as const

export type Locale = keyof typeof messages
export type MessageKey = keyof (typeof messages)['nl']

export function t(locale: Locale, key: MessageKey, vars: Record<string, string> = {}): string {
  return messages[locale][key].replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m)
}
