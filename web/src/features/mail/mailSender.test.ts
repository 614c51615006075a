import { describe, expect, it } from 'vitest'
import { organisationDomain } from './mailSender.ts'

describe('organisationDomain', () => {
  it.each([
    ['kees@bakkerij-jansen.nl', 'bakkerij-jansen.nl'],
    ['Emma.Mulder@Accountantskantoor-De-Molen.NL', 'accountantskantoor-de-molen.nl'],
    ['pdevries@gmail.com', null],
    ['iemand@ziggo.nl', null],
    ['geen-adres', null],
    ['@example.nl', null],
    ['root@localhost', null],
    [null, null],
  ])('finds the organisation of %s: %s', (address, domain) => {
    expect(organisationDomain(address)).toBe(domain)
  })
})
