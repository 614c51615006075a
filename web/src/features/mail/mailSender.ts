/** Mail providers whose domain says nothing about the sender's organisation. */
const freeMail = new Set([
  'gmail.com',
  'googlemail.com',
  'hotmail.com',
  'hotmail.nl',
  'outlook.com',
  'outlook.nl',
  'live.com',
  'live.nl',
  'msn.com',
  'yahoo.com',
  'yahoo.nl',
  'icloud.com',
  'me.com',
  'proton.me',
  'protonmail.com',
  'ziggo.nl',
  'kpnmail.nl',
  'kpnplanet.nl',
  'planet.nl',
  'home.nl',
  'xs4all.nl',
  'hetnet.nl',
  'casema.nl',
  'chello.nl',
  'telfort.nl',
  'tele2.nl',
  'online.nl',
  'upcmail.nl',
  'caiway.nl',
  'zeelandnet.nl',
  'gmx.net',
  'gmx.de',
  'web.de',
  'skynet.be',
  'telenet.be',
])

/**
 * The domain of a sender address when it may name the sender's organisation (`kees@bakkerij-jansen.nl` →
 * `bakkerij-jansen.nl`), to look for customers with an address there; null for free-mail providers and non-addresses.
 */
export function organisationDomain(address: string | null): string | null {
  const at = address?.lastIndexOf('@') ?? -1
  if (!address || at < 1) {
    return null
  }
  const domain = address
    .slice(at + 1)
    .trim()
    .toLowerCase()
  return domain.includes('.') && !freeMail.has(domain) ? domain : null
}
